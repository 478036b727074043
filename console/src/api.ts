// The console's only way to its data: shishi's public GraphQL API on the
// page's own origin (POST /graphql, multipart uploads, graphql-transport-ws
// for subscriptions). The API token lives in sessionStorage: asked for once,
// kept for this browser session only.
import type { Op } from "./queries";

const TOKEN_KEY = "shishi.token";

export function token(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(value: string | null): void {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the token lasts this page only.
  }
}

/** A refusal the API answered with: its `extensions.code` and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function headers(): Record<string, string> {
  const t = token();
  return t ? { authorization: `Bearer ${t}` } : {};
}

async function answer<R>(response: Response): Promise<R> {
  let body: { data?: R | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status === 503 ? "BUSY" : "NETWORK", `HTTP ${response.status}`);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? "ERROR", first.message);
  if (!body.data) throw new ApiError("ERROR", `HTTP ${response.status}`);
  return body.data;
}

/** Runs a query or mutation. */
export async function request<R, V>(op: Op<R, V>, variables: V): Promise<R> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers() },
      body: JSON.stringify({ query: op, variables }),
    });
  } catch {
    throw new ApiError("NETWORK", "network");
  }
  return answer<R>(response);
}

/** Runs a mutation with one file, as a GraphQL multipart request. */
export async function upload<R, V extends { file: File }>(op: Op<R, V>, variables: V): Promise<R> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: op, variables: { ...variables, file: null } }));
  form.append("map", JSON.stringify({ 0: ["variables.file"] }));
  form.append("0", variables.file, variables.file.name);
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers: headers(), body: form });
  } catch {
    throw new ApiError("NETWORK", "network");
  }
  return answer<R>(response);
}

/** A live subscription; `close` ends it. */
export interface Live {
  close(): void;
}

/**
 * Subscribes over graphql-transport-ws, reconnecting after a drop; `state`
 * hears whether it is connected.
 */
export function subscribe<R>(
  op: Op<R, Record<string, never>>,
  next: (data: R) => void,
  state: (connected: boolean) => void,
): Live {
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 1000;
  const open = () => {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
    const ws = new WebSocket(url, "graphql-transport-ws");
    socket = ws;
    ws.onopen = () => {
      const t = token();
      ws.send(JSON.stringify({ type: "connection_init", payload: t ? { Authorization: `Bearer ${t}` } : {} }));
    };
    ws.onmessage = (event) => {
      let message: { type: string; payload?: { data?: R } };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === "connection_ack") {
        retry = 1000;
        state(true);
        ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: op } }));
      } else if (message.type === "next" && message.payload?.data) {
        next(message.payload.data);
      } else if (message.type === "ping") {
        ws.send(JSON.stringify({ type: "pong" }));
      }
    };
    ws.onclose = () => {
      state(false);
      if (!closed) {
        setTimeout(open, retry);
        retry = Math.min(retry * 2, 30000);
      }
    };
  };
  open();
  return {
    close() {
      closed = true;
      socket?.close(1000);
    },
  };
}
