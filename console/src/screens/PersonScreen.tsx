// Person view: the privacy state, eligibility per recipient and purpose with reason and article,
// and the person's provision records with export.
import { BAD, OK, WARN } from "../ui/colors";
import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { useCatalog } from "../api/catalog";
import { EligibilityQuery, PersonViewQuery, RecordsQuery } from "../api/operations";
import { downloadExport, useSession } from "../api/session";
import { formatDate, formatDateTime, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

interface EligibilityRow {
  recipientId: string;
  purpose: string;
  included: boolean;
  allowed: boolean;
  reason: string | null;
  rule: string | null;
  ground: string | null;
  denials: { code: string; rule: string }[];
}

export function PersonScreen({ initialId, onLookUp }: { initialId: string; onLookUp: (id: string) => void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState(initialId);
  const [personId, setPersonId] = useState(initialId);
  return (
    <Stack>
      <Title order={2}>{t("person.title")}</Title>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const id = input.trim().toUpperCase();
          setPersonId(id);
          onLookUp(id);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t("person.search")}
            placeholder={t("person.searchHint")}
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            required
          />
          <Button type="submit">{t("person.lookUp")}</Button>
        </Group>
      </form>
      {personId && <PersonDetail key={personId} personId={personId} />}
    </Stack>
  );
}

function PersonDetail({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: PersonViewQuery, variables: { personId } });
  const catalog = useCatalog();
  if (error || fetching || !data) return <QueryState fetching={fetching} error={error} />;
  const state = data.privacyState;
  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t("person.state")}: {state.personId}
        </Title>
        <Text mb="sm">
          <strong>{t("person.acquisition")}:</strong> {label("acquisition", state.acquisition)}
        </Text>
        <Title order={4}>{t("person.consents")}</Title>
        {state.consents.length === 0 ? (
          <Text>{t("app.none")}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("person.recipient")}</Table.Th>
                <Table.Th>{t("person.purpose")}</Table.Th>
                <Table.Th>{t("person.items")}</Table.Th>
                <Table.Th>{t("person.given")}</Table.Th>
                <Table.Th>{t("person.method")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.consents.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.recipientId ? catalog.recipientName(c.recipientId) : c.recipientGroup}
                  </Table.Td>
                  <Table.Td>{catalog.purposeName(c.purpose)}</Table.Td>
                  <Table.Td>{c.allItems ? t("person.allItems") : c.items.join(", ")}</Table.Td>
                  <Table.Td>
                    {formatDateTime(c.givenAt)}{" "}
                    {c.withdrawnAt ? (
                      <Badge color={BAD}>
                        {t("person.withdrawnOn", { date: formatDate(c.withdrawnAt) })}
                      </Badge>
                    ) : (
                      <Badge color={OK}>{t("person.active")}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{c.method}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Title order={4} mt="sm">
          {t("person.optOuts")}
        </Title>
        {state.optOutRequests.length === 0 ? (
          <Text>{t("app.none")}</Text>
        ) : (
          state.optOutRequests.map((o) => (
            <Text key={o.id}>
              {o.recipientId ? catalog.recipientName(o.recipientId) : t("person.allRecipients")} —{" "}
              {formatDateTime(o.receivedAt)}{" "}
              {o.withdrawnAt
                ? t("person.withdrawnOn", { date: formatDate(o.withdrawnAt) })
                : t("person.active")}
            </Text>
          ))
        )}
        <Title order={4} mt="sm">
          {t("person.suspensions")}
        </Title>
        {state.suspensionRequests.length === 0 ? (
          <Text>{t("app.none")}</Text>
        ) : (
          state.suspensionRequests.map((s) => (
            <Text key={s.id}>
              {label("suspensionScope", s.scope)} —{" "}
              {s.recipientId
                ? catalog.recipientName(s.recipientId)
                : s.purpose
                  ? catalog.purposeName(s.purpose)
                  : t("person.allRecipients")}{" "}
              — {formatDateTime(s.receivedAt)}{" "}
              {s.liftedAt ? t("person.liftedOn", { date: formatDate(s.liftedAt) }) : t("person.active")}
            </Text>
          ))
        )}
        <Title order={4} mt="sm">
          {t("person.pledges")}
        </Title>
        {state.referablePledges.length === 0 ? (
          <Text>{t("app.none")}</Text>
        ) : (
          state.referablePledges.map((p) => (
            <Text key={p.id}>
              {catalog.recipientName(p.recipientId)} — {p.pledgeRef} — {formatDateTime(p.confirmedAt)}
            </Text>
          ))
        )}
      </Paper>
      <Eligibility personId={personId} consents={state.consents} />
      <PersonRecords personId={personId} />
      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t("person.disclosures")}
        </Title>
        {data.disclosureRequests.length === 0 ? (
          <Text>{t("app.none")}</Text>
        ) : (
          data.disclosureRequests.map((r) => (
            <Text key={r.id}>
              {formatDateTime(r.receivedAt)} — {label("status", r.status)} — {t("disclosure.dueBy")}{" "}
              {formatDateTime(r.dueBy)} {r.overdue && <Badge color={BAD}>{t("disclosure.overdue")}</Badge>}
            </Text>
          ))
        )}
      </Paper>
    </Stack>
  );
}

function Eligibility({
  personId,
  consents,
}: {
  personId: string;
  consents: { recipientId?: string | null; purpose: string; withdrawnAt?: string | null }[];
}) {
  const { t } = useTranslation();
  const client = useClient();
  const catalog = useCatalog();
  const [rows, setRows] = useState<EligibilityRow[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const pairs = catalog.recipients
    .filter((r) => r.legalBasis !== "LEGAL_EXCEPTION")
    .flatMap((r) => r.scopes.map((s) => ({ recipientId: r.id, purpose: s.purpose })));
  const pairKey = pairs.map((p) => `${p.recipientId}/${p.purpose}`).join(",");

  useEffect(() => {
    if (!pairKey) return;
    let live = true;
    Promise.all(
      pairs.map(async (p) => {
        const r = await client.query(EligibilityQuery, { personId, ...p }).toPromise();
        if (r.error) throw r.error;
        const e = r.data?.provisionEligibility;
        return { ...p, ...e } as EligibilityRow;
      }),
    ).then(
      (all) => live && setRows(all),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // pairKey stands for pairs, which is rebuilt on every render.
  }, [client, personId, pairKey]);

  const withdrawn = (row: EligibilityRow) =>
    consents.find((c) => c.recipientId === row.recipientId && c.purpose === row.purpose && c.withdrawnAt)
      ?.withdrawnAt;

  return (
    <Paper withBorder p="md">
      <Title order={3} mb="sm">
        {t("person.eligibility")}
      </Title>
      {!rows ? (
        <QueryState fetching={!error} error={error} />
      ) : (
        <Table striped aria-label={t("person.eligibility")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("person.recipient")}</Table.Th>
              <Table.Th>{t("person.purpose")}</Table.Th>
              <Table.Th>{t("person.decision")}</Table.Th>
              <Table.Th>{t("person.reason")}</Table.Th>
              <Table.Th>{t("person.rule")}</Table.Th>
              <Table.Th>{t("person.ground")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const when = withdrawn(row);
              const denial = row.denials[0];
              return (
                <Table.Tr
                  key={`${row.recipientId}/${row.purpose}`}
                  data-recipient={row.recipientId}
                  data-purpose={row.purpose}
                >
                  <Table.Td>{catalog.recipientName(row.recipientId)}</Table.Td>
                  <Table.Td>{catalog.purposeName(row.purpose)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {!row.allowed ? (
                      <Badge color={WARN}>{t("person.blocked")}</Badge>
                    ) : row.included ? (
                      <Badge color={OK}>{t("person.provided")}</Badge>
                    ) : (
                      <Badge color={BAD}>{t("person.excluded")}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!row.allowed && denial
                      ? label("denial", denial.code)
                      : row.reason
                        ? label("exclusion", row.reason)
                        : "—"}
                    {when && row.reason === "NO_CONSENT" && (
                      <Text size="sm" c={BAD}>
                        {t("person.withdrawnConsent", { date: formatDate(when) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{(!row.allowed && denial ? denial.rule : row.rule) ?? "—"}</Table.Td>
                  <Table.Td>{label("ground", row.ground)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function PersonRecords({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const catalog = useCatalog();
  const [{ data, error, fetching }] = useQuery({ query: RecordsQuery, variables: { filter: { personId } } });
  const [exportError, setExportError] = useState<Error | null>(null);
  const nodes = data?.provisionRecords.nodes ?? [];
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3}>{t("person.records")}</Title>
        <Group>
          {(["csv", "json"] as const).map((f) => (
            <Button
              key={f}
              variant="outline"
              onClick={() => downloadExport(session.key, f, { person: personId }).catch(setExportError)}
            >
              {t(f === "csv" ? "person.exportCsv" : "person.exportJson")}
            </Button>
          ))}
        </Group>
      </Group>
      <QueryState fetching={fetching} error={error ?? exportError} />
      {data && nodes.length === 0 && <Text>{t("records.empty")}</Text>}
      {nodes.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("records.at")}</Table.Th>
              <Table.Th>{t("records.recipient")}</Table.Th>
              <Table.Th>{t("records.purpose")}</Table.Th>
              <Table.Th>{t("records.ground")}</Table.Th>
              <Table.Th>{t("records.items")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {nodes.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{formatDateTime(n.at)}</Table.Td>
                <Table.Td>{catalog.recipientName(n.recipientId)}</Table.Td>
                <Table.Td>{catalog.purposeName(n.purpose)}</Table.Td>
                <Table.Td>{label("ground", n.ground)}</Table.Td>
                <Table.Td>{n.people[0]?.items.join(", ")}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
