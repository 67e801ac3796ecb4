import { api, ApiError } from "../../api/client";
import { isMissingEndpoint } from "../ui/errors";

interface DefinitionDetail {
  latest?: { version: number; source?: string } | null;
}

/**
 * The YAML source of one version of a workflow. The newest version's comes with the definition
 * (`GET /api/definitions/workflow/{id}`); older ones need `GET …/versions/{v}`, which older
 * servers do not offer — then the error says so plainly.
 */
export async function loadVersionSource(id: string, version: number): Promise<string> {
  const base = `/api/definitions/workflow/${encodeURIComponent(id)}`;
  const detail = await api<DefinitionDetail>("GET", base);
  if (detail.latest?.version === version && typeof detail.latest.source === "string")
    return detail.latest.source;
  try {
    const answer = await api<{ source?: string; latest?: { source?: string } }>(
      "GET",
      `${base}/versions/${version}`,
    );
    const source = answer.source ?? answer.latest?.source;
    if (typeof source === "string") return source;
  } catch (e) {
    if (!isMissingEndpoint(e)) throw e;
  }
  throw new ApiError(
    404,
    "no-such-endpoint",
    `The server does not serve the YAML of version ${version} (only the newest version's).`,
    "The semantic diff above still lists every change; a server with GET /api/definitions/{kind}/{id}/versions/{v} shows the side-by-side YAML too.",
    {},
  );
}
