/**
 * The API's OpenAPI 3.1 document, built from the routers' own endpoint descriptions and request
 * schemas (so it cannot drift from what the server accepts), and the routes that serve it.
 */
export { API_ENDPOINTS, openApiDocument } from "./document.js";
export { openApiRoutes } from "./routes.js";
