// Disclosure requests (開示請求, art. 33): the queue by due date with overdue ones marked, and each
// request's workflow from receipt to delivery or refusal, with the response previewed.
import { BAD, OK, WARN } from "../ui/colors";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useMutation, useQuery } from "urql";
import {
  CompileMutation,
  DeliverMutation,
  DisclosureQueueQuery,
  ReceiveMutation,
  RecordsQuery,
  RefuseMutation,
  VerifyMutation,
  WithholdMutation,
} from "../api/operations";
import { useCatalog } from "../api/catalog";
import type {
  DisclosureDeliveryMethod,
  DisclosureQueueQuery as Queue,
  WithholdingGround,
} from "../gql/graphql";
import { formatDateTime, label } from "../i18n";
import { QueryState } from "../ui/QueryState";

type Request = Queue["disclosureRequests"][number];

const METHODS: DisclosureDeliveryMethod[] = ["ELECTRONIC_JSON", "ELECTRONIC_CSV", "WEB_PAGE", "POSTAL_MAIL"];
const GROUNDS: WithholdingGround[] = [
  "LIFE_BODY_PROPERTY",
  "ILLEGAL_ACTS",
  "NATIONAL_SECURITY",
  "CRIME_INVESTIGATION",
];
const STEP: Record<string, number> = { RECEIVED: 1, VERIFIED: 2, COMPILED: 4, DELIVERED: 5, REFUSED: 5 };

export function DisclosureScreen() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refresh] = useQuery({ query: DisclosureQueueQuery });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const reload = () => refresh({ requestPolicy: "network-only" });
  const requests = data?.disclosureRequests ?? [];
  const selected = requests.find((r) => r.id === selectedId) ?? null;
  return (
    <Stack>
      <Title order={2}>{t("disclosure.title")}</Title>
      <ReceiveForm
        onReceived={(id) => {
          setSelectedId(id);
          reload();
        }}
      />
      <Paper withBorder p="md">
        <Title order={3} mb="sm">
          {t("disclosure.queue")}
        </Title>
        <QueryState fetching={fetching && !data} error={error} />
        {data && requests.length === 0 && <Text>{t("disclosure.empty")}</Text>}
        {requests.length > 0 && (
          <Table aria-label={t("disclosure.queue")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("disclosure.dueBy")}</Table.Th>
                <Table.Th>{t("disclosure.person")}</Table.Th>
                <Table.Th>{t("disclosure.status")}</Table.Th>
                <Table.Th>{t("disclosure.received")}</Table.Th>
                <Table.Th>{t("disclosure.method")}</Table.Th>
                <Table.Th>{t("disclosure.open")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.map((r) => (
                <Table.Tr key={r.id} data-overdue={r.overdue} bg={r.overdue ? "red.0" : undefined}>
                  <Table.Td>
                    {formatDateTime(r.dueBy)}{" "}
                    {r.overdue && <Badge color={BAD}>{t("disclosure.overdue")}</Badge>}
                  </Table.Td>
                  <Table.Td>{r.personId}</Table.Td>
                  <Table.Td>{label("status", r.status)}</Table.Td>
                  <Table.Td>{formatDateTime(r.receivedAt)}</Table.Td>
                  <Table.Td>{label("delivery", r.deliveryMethod)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant={selectedId === r.id ? "filled" : "light"}
                      onClick={() => setSelectedId(r.id)}
                      aria-label={`${t("disclosure.open")}: ${r.personId} ${formatDateTime(r.dueBy)}`}
                    >
                      {t("disclosure.open")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {selected && <Workflow key={selected.id} request={selected} onChange={reload} />}
    </Stack>
  );
}

function ReceiveForm({ onReceived }: { onReceived: (id: string) => void }) {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState("");
  const [method, setMethod] = useState<DisclosureDeliveryMethod>("WEB_PAGE");
  const [agentName, setAgentName] = useState("");
  const [{ error, fetching }, receive] = useMutation(ReceiveMutation);
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label={t("disclosure.newRequest")}
      onSubmit={async (e: React.FormEvent) => {
        e.preventDefault();
        const r = await receive({
          input: {
            personId: personId.trim().toUpperCase(),
            deliveryMethod: method,
            agentName: agentName.trim() || null,
          },
        });
        const id = r.data?.receiveDisclosureRequest.id;
        if (id) {
          setPersonId("");
          setAgentName("");
          onReceived(id);
        }
      }}
    >
      <Title order={3} mb="sm">
        {t("disclosure.newRequest")}
      </Title>
      <Group align="flex-end">
        <TextInput
          label={t("disclosure.person")}
          value={personId}
          onChange={(e) => setPersonId(e.currentTarget.value)}
          required
        />
        <Select
          label={t("disclosure.method")}
          value={method}
          allowDeselect={false}
          onChange={(v) => v && setMethod(v as DisclosureDeliveryMethod)}
          data={METHODS.map((m) => ({ value: m, label: label("delivery", m) }))}
        />
        <TextInput
          label={t("disclosure.agentName")}
          value={agentName}
          onChange={(e) => setAgentName(e.currentTarget.value)}
        />
        <Button type="submit" loading={fetching}>
          {t("disclosure.receive")}
        </Button>
      </Group>
      <QueryState fetching={false} error={error} />
    </Paper>
  );
}

function Workflow({ request, onChange }: { request: Request; onChange: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const catalog = useCatalog();
  const [identity, setIdentity] = useState("");
  const [authority, setAuthority] = useState("");
  const [eventId, setEventId] = useState<string | null>(null);
  const [ground, setGround] = useState<WithholdingGround | null>(null);
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [compiled, setCompiled] = useState<{ html: string; partialRefusalNotice?: string | null } | null>(
    null,
  );
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [{ data: records }] = useQuery({
    query: RecordsQuery,
    variables: { filter: { personId: request.personId } },
    pause: request.status !== "VERIFIED",
  });

  /** Runs a step; its result is shown before the queue reloads, so the page does not jump under the pointer. */
  async function run<T>(op: () => Promise<{ error?: Error | undefined; data?: T }>, use?: (data: T) => void) {
    setBusy(true);
    setError(null);
    const r = await op();
    setBusy(false);
    if (r.error) return setError(r.error);
    if (r.data && use) use(r.data);
    onChange();
  }

  const closed = request.status === "DELIVERED" || request.status === "REFUSED";
  return (
    <Paper withBorder p="md" aria-label={t("disclosure.workflow")} component="section">
      <Title order={3} mb="sm">
        {t("disclosure.workflow")}: {request.personId} — {label("status", request.status)}
      </Title>
      <Text size="sm" mb="sm">
        {t("disclosure.dueBy")}: {formatDateTime(request.dueBy)} · {t("disclosure.fee")}:{" "}
        {t("disclosure.yen", { amount: request.feeYen.toLocaleString() })}
        {request.agentName ? ` · ${t("disclosure.agent")}: ${request.agentName}` : ""}
      </Text>
      <Stepper active={STEP[request.status] ?? 0} size="sm" mb="md" allowNextStepsSelect={false}>
        <Stepper.Step label={t("disclosure.steps.receive")} />
        <Stepper.Step label={t("disclosure.steps.verify")} />
        <Stepper.Step label={t("disclosure.steps.withhold")} />
        <Stepper.Step label={t("disclosure.steps.compile")} />
        <Stepper.Step label={t("disclosure.steps.deliver")} />
      </Stepper>
      <QueryState fetching={false} error={error} />
      {closed && (
        <Alert
          color={request.status === "DELIVERED" ? OK : "#495057"}
          title={t("disclosure.done", { status: label("status", request.status) })}
        >
          {request.refusalReason ??
            (request.deliveredAt
              ? `${t("disclosure.deliveredAt")}: ${formatDateTime(request.deliveredAt)}`
              : null)}
        </Alert>
      )}
      {request.status === "RECEIVED" && (
        <Stack>
          <TextInput
            label={t("disclosure.identity")}
            placeholder={t("disclosure.identityHint")}
            value={identity}
            onChange={(e) => setIdentity(e.currentTarget.value)}
            required
          />
          {request.agentName && (
            <TextInput
              label={t("disclosure.agentAuthority")}
              value={authority}
              onChange={(e) => setAuthority(e.currentTarget.value)}
              required
            />
          )}
          <Group>
            <Button
              loading={busy}
              disabled={!identity.trim()}
              onClick={() =>
                run(() =>
                  client
                    .mutation(VerifyMutation, {
                      id: request.id,
                      identityVerification: identity.trim(),
                      agentAuthority: authority.trim() || null,
                    })
                    .toPromise(),
                )
              }
            >
              {t("disclosure.verify")}
            </Button>
          </Group>
        </Stack>
      )}
      {request.status === "VERIFIED" && (
        <Stack>
          <Title order={4}>{t("disclosure.withholdTitle")}</Title>
          <Group align="flex-end">
            <Select
              label={t("disclosure.event")}
              value={eventId}
              onChange={setEventId}
              data={(records?.provisionRecords.nodes ?? []).map((n) => ({
                value: n.id,
                label: `#${n.seq} ${formatDateTime(n.at)} ${catalog.recipientName(n.recipientId)}`,
              }))}
            />
            <Select
              label={t("disclosure.withholdGround")}
              value={ground}
              onChange={(v) => setGround(v as WithholdingGround | null)}
              data={GROUNDS.map((g) => ({ value: g, label: label("withholding", g) }))}
            />
            <TextInput
              label={t("disclosure.note")}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Button
              variant="outline"
              disabled={!eventId || !ground || !note.trim()}
              loading={busy}
              onClick={() =>
                eventId &&
                ground &&
                run(() =>
                  client
                    .mutation(WithholdMutation, { requestId: request.id, eventId, ground, note: note.trim() })
                    .toPromise(),
                )
              }
            >
              {t("disclosure.withhold")}
            </Button>
          </Group>
          {request.withheld.length > 0 && (
            <Text size="sm">
              {t("disclosure.withheld")}:{" "}
              {request.withheld.map((w) => `${w.eventId} (${label("withholding", w.ground)})`).join(", ")}
            </Text>
          )}
          <Group>
            <Button
              loading={busy}
              onClick={() =>
                run(
                  () => client.mutation(CompileMutation, { id: request.id }).toPromise(),
                  (d) => setCompiled(d.compileDisclosureResponse),
                )
              }
            >
              {t("disclosure.compile")}
            </Button>
          </Group>
        </Stack>
      )}
      {request.status === "COMPILED" && (
        <Stack>
          {compiled && (
            <>
              <Title order={4}>{t("disclosure.preview")}</Title>
              {compiled.partialRefusalNotice && (
                <Alert color={WARN} title={t("disclosure.partialRefusal")}>
                  {compiled.partialRefusalNotice}
                </Alert>
              )}
              {/* The compiled page runs no script and reaches nothing: an empty sandbox. */}
              <iframe
                title={t("disclosure.preview")}
                sandbox=""
                srcDoc={compiled.html}
                style={{ width: "100%", height: 420, border: "1px solid #ced4da", background: "white" }}
              />
            </>
          )}
          <Group>
            <Button
              color={OK}
              loading={busy}
              onClick={() => run(() => client.mutation(DeliverMutation, { id: request.id }).toPromise())}
            >
              {t("disclosure.deliver")}
            </Button>
          </Group>
        </Stack>
      )}
      {!closed && (
        <Group align="flex-end" mt="md">
          <Textarea
            label={t("disclosure.refuseReason")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={1}
            style={{ flex: 1 }}
          />
          <Button
            color={BAD}
            variant="outline"
            disabled={!reason.trim()}
            loading={busy}
            onClick={() =>
              run(() =>
                client.mutation(RefuseMutation, { id: request.id, reason: reason.trim() }).toPromise(),
              )
            }
          >
            {t("disclosure.refuse")}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
