export { ApiClient, ApiError, client, readCookie } from "./client";
export { api, makeApi, type Api } from "./endpoints";
export * from "./types";
