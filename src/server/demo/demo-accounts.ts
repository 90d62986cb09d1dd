/** The demo's sign-in accounts, printed by `npm start`; all share one password. */
export const DEMO_PASSWORD = "longreach-demo";

export const DEMO_STAFF = [
  { email: "operator@council.example", name: "Olu Operator", platformRole: "operator" as const, description: "council admin (operator console)" },
  { email: "billing@council.example", name: "Bea Billing", platformRole: "billing" as const, description: "billing staff" },
];

export const DEMO_TENANTS = [
  { slug: "council-waste", name: "Council Waste Services", owner: { email: "waste@council.example", name: "Wyn Waste" }, planName: "Internal" },
  { slug: "riverside-cafe", name: "Riverside Café", owner: { email: "owner@riverside.example", name: "Rhiannon Rees" }, planName: "Business" },
  { slug: "northgate-parking", name: "Northgate Parking Ltd", owner: { email: "owner@northgate.example", name: "Nia Northgate" }, planName: "Business" },
];
