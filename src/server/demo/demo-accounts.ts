/** The demo's sign-in accounts, printed by `npm start`; all share one password. */
export const DEMO_PASSWORD = "longreach-demo";

export const DEMO_STAFF = [
  { email: "operator@council.example", name: "Olu Operator", platformRole: "operator" as const, description: "council admin (operator console)" },
  { email: "billing@council.example", name: "Bea Billing", platformRole: "billing" as const, description: "billing staff" },
];

export const DEMO_TENANTS = [
  { slug: "council-waste", name: "Council Waste Services", owner: { email: "waste@council.example", name: "Wyn Waste" }, planName: "Internal", billing: { paymentMethod: "invoice" as const, poNumber: "CC-WASTE-01", paymentTermsDays: 30 } },
  { slug: "riverside-cafe", name: "Riverside Café", owner: { email: "owner@riverside.example", name: "Rhiannon Rees" }, planName: "Business", billing: { paymentMethod: "stripe" as const, poNumber: null, paymentTermsDays: 14 } },
  { slug: "northgate-parking", name: "Northgate Parking Ltd", owner: { email: "owner@northgate.example", name: "Nia Northgate" }, planName: "Business", billing: { paymentMethod: "invoice" as const, poNumber: "PO-NGP-2231", paymentTermsDays: 14 } },
];

/** Demo prices: £3.50 per active device with 2,000 credits each, 50 p per 1,000 credits beyond, 20 % VAT. */
export const DEMO_PLANS = [
  { name: "Business", kind: "standard" as const, prices: { vatRateBasisPoints: 2000, deviceMonthlyFeePence: 350, allowanceCreditsPerDevice: 2000, pricePer1000CreditsPence: 50, minimumMonthlyChargePence: 500, paymentGraceDays: 14, autoSuspend: false } },
  { name: "Internal", kind: "internal" as const, prices: { vatRateBasisPoints: 2000, deviceMonthlyFeePence: 350, allowanceCreditsPerDevice: 2000, pricePer1000CreditsPence: 50, minimumMonthlyChargePence: 0, paymentGraceDays: 30, autoSuspend: false } },
];
