// Poll a background job (GET /api/jobs/{id}) until it ends.
import { useEffect, useState } from "react";
import { api, type Job } from "../../api";

export const ENDED: Job["state"][] = ["succeeded", "failed", "cancelled"];

/** The job's latest state, polled every 400 ms while it is queued or running; `start` sets a new job. */
export function useJob(onError: (e: Error) => void): [Job | null, (j: Job | null) => void] {
  const [job, setJob] = useState<Job | null>(null);
  useEffect(() => {
    if (!job || ENDED.includes(job.state)) return;
    let live = true;
    const id = setTimeout(() => {
      api.job(job.id).then((j) => live && setJob(j), (e: Error) => live && onError(e));
    }, 400);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [job, onError]);
  return [job, setJob];
}
