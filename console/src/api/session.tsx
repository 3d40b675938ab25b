// The signed-in key lives in React state only (this tab's memory): never localStorage.
import { Client, fetchExchange, Provider } from "urql";
import { createContext, type ReactNode, useContext, useMemo } from "react";

export interface Session {
  key: string;
  label: string;
  role: string;
}

const SessionContext = createContext<{ session: Session; signOut: () => void } | null>(null);

/** A GraphQL client sending this key; no cache, so every screen shows the database as it is. */
export function apiClient(key: string): Client {
  return new Client({
    url: "/graphql",
    exchanges: [fetchExchange],
    requestPolicy: "network-only",
    fetchOptions: () => ({ headers: { authorization: `Bearer ${key}` } }),
  });
}

export function SessionProvider(props: { session: Session; signOut: () => void; children: ReactNode }) {
  const client = useMemo(() => apiClient(props.session.key), [props.session.key]);
  const value = useMemo(
    () => ({ session: props.session, signOut: props.signOut }),
    [props.session, props.signOut],
  );
  return (
    <SessionContext.Provider value={value}>
      <Provider value={client}>{props.children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession() {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** Downloads a records export with the key in the header (a plain link could not send it). */
export async function downloadExport(key: string, format: "csv" | "json", params: Record<string, string>) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
  const response = await fetch(`/records/export.${format}?${query.toString()}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `provision-records.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
