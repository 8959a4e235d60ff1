// Administration calls not in endpoints.ts: create and change users (users-create, users-update).
import { client } from "./client";
import type { Role, User } from "./types";

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  municipality_id: number | null;
}

export function createUser(body: NewUser): Promise<User> {
  return client.post<User>("/api/users", body);
}

export function updateUser(id: number, patch: { role?: Role; active?: boolean; password?: string }): Promise<User> {
  return client.patch<User>(`/api/users/${id}`, patch);
}

/** An API token of a user of the administrator's municipality (tokens-list); never the token itself. */
export interface AdminToken {
  id: number;
  user_id: number;
  username: string;
  name: string;
  prefix: string;
  scope: "read" | "analyse" | "administer";
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: boolean;
}

export function listTokens(): Promise<AdminToken[]> {
  return client.get<AdminToken[]>("/api/tokens");
}

export function revokeToken(id: number): Promise<void> {
  return client.delete(`/api/tokens/${id}`);
}
