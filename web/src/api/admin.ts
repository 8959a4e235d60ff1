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
