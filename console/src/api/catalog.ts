// Names for recipient ids and purpose codes, in the current language.
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { CatalogQuery } from "./operations";

export function useCatalog() {
  const { i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: CatalogQuery });
  const recipients = data?.recipients ?? [];
  const purposes = data?.purposes ?? [];
  const recipientName = (id: string) => recipients.find((r) => r.id === id)?.name ?? id;
  const purposeName = (code: string | null | undefined) => {
    if (!code) return "—";
    const p = purposes.find((x) => x.code === code);
    if (!p) return code;
    return (i18n.language === "en" ? p.description : p.descriptionJa) ?? code;
  };
  return { recipients, purposes, recipientName, purposeName, error, fetching };
}
