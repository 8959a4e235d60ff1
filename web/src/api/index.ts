export { ApiClient, ApiError, client, data, http, readCookie, type RequestOptions } from "./client";
export { api, makeApi, type Api } from "./endpoints";
export * from "./types";
