import type { Principal } from "./principal.js";

// `req.principal`: set by `authenticate` (auth/authenticate.ts) when the request carries a valid
// session cookie or API token, and left undefined for anonymous requests.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point.
  namespace Express {
    interface Request {
      /** Who is calling; undefined when the request is anonymous. */
      principal?: Principal;
    }
  }
}

export {};
