import { describeError } from "./errors";

/** A failed request, where it happened: the server's message and what to do (role="alert"). */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const view = describeError(error);
  return (
    <div role="alert" className="gov-error">
      {title && <strong>{title}: </strong>}
      {view.message}
      {view.hint && <div className="gov-hint">{view.hint}</div>}
    </div>
  );
}
