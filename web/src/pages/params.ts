import { useParams } from "react-router";

/** The workspace id and log name of a workspace/log page's URL. */
export function useLogParams(): { workspaceId: number; log: string } {
  const p = useParams();
  return { workspaceId: Number(p.workspaceId), log: p.log ?? "" };
}
