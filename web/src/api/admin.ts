// Administration calls not in endpoints.ts: create and change users (users-create, users-update).
import { data, http } from "./client";
import type { components } from "../client/schema";

export type NewUser = components["schemas"]["UserIn"];
export type UserPatch = components["schemas"]["UserPatch"];

export function createUser(body: NewUser) {
  return data(http.POST("/api/users", { body }));
}

export function updateUser(user_id: number, patch: UserPatch) {
  return data(http.PATCH("/api/users/{user_id}", { params: { path: { user_id } }, body: patch }));
}
