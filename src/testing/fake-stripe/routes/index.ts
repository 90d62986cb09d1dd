import type { Route } from "../router";
import { customerRoutes } from "./customers";
import { invoiceItemRoutes } from "./invoice-items";
import { invoiceRoutes } from "./invoices";
import { meterEventRoutes } from "./meter-events";
import { meterRoutes } from "./meters";
import { priceRoutes } from "./prices";
import { productRoutes } from "./products";
import { sessionRoutes } from "./sessions";
import { subscriptionItemRoutes } from "./subscription-items";
import { subscriptionRoutes } from "./subscriptions";
import { taxRateRoutes } from "./tax-rates";

/** Every endpoint the fake implements; anything else is a 404 "Unrecognized request URL". */
export const allRoutes: readonly Route[] = [
  ...customerRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...taxRateRoutes,
  ...meterRoutes,
  ...meterEventRoutes,
  ...subscriptionRoutes,
  ...subscriptionItemRoutes,
  ...invoiceRoutes,
  ...invoiceItemRoutes,
  ...sessionRoutes,
];
