// Administration calls not in endpoints.ts: create and change users (users-create, users-update), list and revoke
// the municipality's API tokens (tokens-list, tokens-revoke).
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

/** An API token of a user of the administrator's municipality (tokens-list); never the token itself. */
export type AdminToken = components["schemas"]["AdminTokenOut"];

export function listTokens(): Promise<AdminToken[]> {
  return data(http.GET("/api/tokens"));
}

export function revokeToken(token_id: number): Promise<void> {
  return data(http.DELETE("/api/tokens/{token_id}", { params: { path: { token_id } } }));
}
