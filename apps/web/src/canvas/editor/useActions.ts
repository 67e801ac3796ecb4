import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { publish, saveDraft } from "./api";
import { type Outcome, outcomeOfError } from "./Outcome";

/**
 * Save draft and Publish for the workflow being edited, and what the server answered. A new
 * workflow's first save moves the page to the workflow's own address; the outcome travels along.
 */
export function useActions(id: string | undefined, declaredId: string | undefined, text: string) {
  const navigate = useNavigate();
  const location = useLocation();
  const [outcome, setOutcome] = useState<Outcome | null>(
    () => (location.state as { outcome?: Outcome } | null)?.outcome ?? null,
  );
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(text);

  const run = async (action: (target: string) => Promise<Outcome>) => {
    const target = id ?? declaredId;
    if (!target) {
      setOutcome({
        kind: "failed",
        message: "Give the workflow an id first.",
        hint: "Set `id:` in the YAML.",
      });
      return;
    }
    setBusy(true);
    try {
      setOutcome(await action(target));
    } catch (error) {
      setOutcome(outcomeOfError(error));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async (target) => {
      const answer = await saveDraft(target, text);
      setSaved(text);
      const result: Outcome = { kind: "saved", ok: answer.ok, diagnostics: answer.diagnostics };
      if (!id)
        navigate(`/workflows/${encodeURIComponent(target)}`, { replace: true, state: { outcome: result } });
      return result;
    });

  const publishNow = () =>
    run(async (target) => {
      const answer = await publish(target, text);
      const version =
        answer.published.find((p) => p.kind === "workflow" && p.id === target) ?? answer.published[0];
      return version
        ? { kind: "published", id: version.id, version: version.version, status: version.status }
        : { kind: "unchanged" };
    });

  return {
    outcome,
    dismiss: () => setOutcome(null),
    busy,
    unsaved: text !== saved,
    save,
    publish: publishNow,
  };
}
