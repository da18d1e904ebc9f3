// Changes pushed by the server: the audit entries this tab's token may see, over graphql-transport-ws at /graphql.
import { token } from "./session.js";

const EVENTS = "subscription { auditEvents { seq operation objectKey label people } }";

let current = null;  // { key, socket, onEntry, subscribed }

/**
 * Call `onEntry(entry)` for each audit entry recorded from now on, for the page showing `key`. Watching the same key
 * again only swaps the callback (the page redrew itself); another key closes the earlier socket.
 */
export function watch(key, onEntry) {
  if (current?.key === key && current.socket.readyState <= WebSocket.OPEN) {
    current.onEntry = onEntry;
    return;
  }
  stopWatching();
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`, "graphql-transport-ws");
  const watched = { key, socket, onEntry, subscribed: false };
  current = watched;
  const send = (message) => socket.send(JSON.stringify(message));
  socket.addEventListener("open", () => send({ type: "connection_init", payload: { Authorization: `Bearer ${token()}` } }));
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      send({ id: "audit", type: "subscribe", payload: { query: EVENTS } });
      watched.subscribed = true;
    } else if (message.type === "ping") {
      send({ type: "pong" });
    } else if (message.type === "next" && message.payload?.data?.auditEvents) {
      watched.onEntry(message.payload.data.auditEvents);
    }
  });
}

export function stopWatching() {
  if (current && current.socket.readyState <= WebSocket.OPEN) current.socket.close(1000);
  current = null;
}

/** Whether the page's subscription was sent (what the tests wait for). */
export function watching() {
  return Boolean(current?.subscribed && current.socket.readyState === WebSocket.OPEN);
}
