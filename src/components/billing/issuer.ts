/**
 * Who issues Longreach invoices. The council runs the network and bills its tenants; the name printed on
 * invoices and statements is kept in this one place.
 */
export const INVOICE_ISSUER = {
  name: "The Council",
  service: "Longreach LoRaWAN network",
  contact: "billing@council.example",
} as const;
