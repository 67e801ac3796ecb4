import type { Role } from "../auth/principal.js";

/** The tenant `npm start` creates on first start, so there is something real to look at. */
export const DEMO_TENANT = { id: "acme", name: "Acme Sales Group" } as const;

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly region?: string;
  readonly manager?: string;
}

/** One user per role; two regional directors who report to head office. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "admin", displayName: "Ada Admin (IT)", roles: ["it-admin"] },
  {
    username: "chen.head",
    displayName: "Chen Wei (head-office sales)",
    roles: ["process-owner"],
    region: "global",
  },
  {
    username: "li.east",
    displayName: "Li Na (East region director)",
    roles: ["process-owner"],
    region: "east",
    manager: "chen.head",
  },
  {
    username: "wang.nw",
    displayName: "Wang Lei (Northwest region director)",
    roles: ["process-owner"],
    region: "northwest",
    manager: "chen.head",
  },
  { username: "zhao.approver", displayName: "Zhao Min (approver)", roles: ["approver"] },
  { username: "sun.audit", displayName: "Sun Yu (compliance auditor)", roles: ["auditor"] },
  { username: "guest", displayName: "Guest (viewer)", roles: ["viewer"] },
];

/** Records the sample events refer to. */
export const DEMO_RECORDS: readonly { entity: string; id: string; data: Record<string, unknown> }[] = [
  {
    entity: "cs.customer-account",
    id: "acct-7",
    data: {
      name: "Suzhou Retail Chain",
      tier: "key",
      arr: 480000,
      health_score: 42,
      previous_health_score: 67,
      renewal_date: "2027-02-01",
      csm_email: "csm@acme.example",
      sales_owner_email: "li.east@acme.example",
      delivery_lead_email: "delivery@acme.example",
      product_manager_email: "pm@acme.example",
    },
  },
];

/** A few events from the example scenarios: runs that complete, and runs that wait for people or time. */
export const DEMO_EVENTS: readonly { id: string; type: string; payload: unknown }[] = [
  {
    id: "demo-lead-1",
    type: "lead.received",
    payload: {
      name: "Acme Ltd",
      phone: "+86 21 5555 0101",
      email: "li@acme-ltd.example",
      source: "website",
      marketing_consent: true,
    },
  },
  {
    id: "demo-lead-2",
    type: "lead.received",
    payload: {
      name: "Acme Ltd (again)",
      phone: "+86 21 5555 0101",
      email: "li@acme-ltd.example",
      source: "website",
    },
  },
  {
    id: "demo-lead-3",
    type: "lead.received",
    payload: {
      name: "Xi'an Machinery",
      phone: "+86 29 8888 0303",
      email: "buyer@xian-machinery.example",
      source: "event",
    },
  },
  {
    id: "demo-shop-1",
    type: "shop.registered",
    payload: {
      record: {
        id: "shop-hz-001",
        shop_name: "Hangzhou Outdoor Gear",
        marketplace: "tmall-global",
        country: "CN",
        category: "outdoor",
        manager_name: "Zhou Min",
        manager_email: "zhou.min@example.com",
        manager_user: "zhou.min",
      },
    },
  },
  {
    id: "demo-tradein-1",
    type: "trade-in.requested",
    payload: {
      region: "east",
      record: {
        id: "deal-001",
        customer_name: "Ningbo Precision Parts",
        equipment_type: "cnc-lathe",
        manufacture_year: 2017,
        operating_hours: 18000,
        original_price: 850000,
        new_equipment_price: 1200000,
        appraiser: "li.east",
        sales_owner: "li.east",
      },
    },
  },
  { id: "demo-churn-1", type: "account.health-dropped", payload: { drop: 25, record: { id: "acct-7" } } },
];
