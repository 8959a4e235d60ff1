// Predictive monitoring (tag "predictions"): train a model as a job, model versions and cards, and the open
// cases scored by risk with reasons (analysts).
import { data, http, type RequestOptions } from "./client";
import type { components } from "../client/schema";
import type { Job } from "./types";

type S = components["schemas"];
export type ModelVersion = S["ModelVersionOut"];
export type PolicyFeature = S["PolicyFeature"];
export type TrainBody = S["TrainRequest"];
export type ScoredCase = S["ScoredCase"];
export type Scores = S["ScoreOut"];
export type ScoreBody = S["ScoreRequest"];

export function models(workspace_id: number, opts?: RequestOptions): Promise<ModelVersion[]> {
  return data(http.GET("/api/workspaces/{workspace_id}/prediction-models", { params: { path: { workspace_id } }, ...opts }));
}

export function train(workspace_id: number, log: string, body: TrainBody): Promise<Job> {
  return data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/prediction-models", { params: { path: { workspace_id, log } }, body }));
}

export function card(workspace_id: number, name: string, version: number, format: "md" | "html", opts?: RequestOptions): Promise<string> {
  return data(
    http.GET("/api/workspaces/{workspace_id}/prediction-models/{name}/versions/{version}/card", {
      params: { path: { workspace_id, name, version }, query: { format } },
      parseAs: "text",
      ...opts,
    }),
  ) as Promise<string>;
}

export function score(workspace_id: number, log: string, body: ScoreBody, opts?: RequestOptions): Promise<Scores> {
  return data(http.POST("/api/workspaces/{workspace_id}/logs/{log}/predictions", { params: { path: { workspace_id, log } }, body, ...opts }));
}
