// Persona templates: test customers a developer adds to their organisation's
// sandbox, each shaped for a case an app must handle.
import type { CustomerPlan } from "./create-sandbox-data";

export const PERSONAS = {
  salaried_individual: {
    label: "Salaried individual",
    description: "A current account paid a monthly salary, and a savings account",
    plan: {
      name: "Sam Salaried",
      accounts: [
        { name: "Current account", type: "current", currency: "GBP", balance: 1_843_27 },
        { name: "Easy access saver", type: "savings", currency: "GBP", balance: 5_120_00 },
      ],
    },
  },
  small_business: {
    label: "Small business",
    description: "A limited company with a busy business current account",
    plan: { name: "Harbour Bakery Ltd", accounts: [{ name: "Business current account", type: "business", currency: "GBP", balance: 23_406_90 }] },
  },
  overdrawn: {
    label: "Overdrawn",
    description: "A current account below zero: payments from it should fail for insufficient funds",
    plan: { name: "Olly Overdrawn", accounts: [{ name: "Current account", type: "current", currency: "GBP", balance: -245_10 }] },
  },
  multi_currency: {
    label: "Multi-currency",
    description: "Accounts in pounds, euros and US dollars",
    plan: {
      name: "Mia Multi",
      accounts: [
        { name: "Sterling current account", type: "current", currency: "GBP", balance: 3_210_00 },
        { name: "Euro account", type: "current", currency: "EUR", balance: 1_975_50 },
        { name: "US dollar account", type: "current", currency: "USD", balance: 860_25 },
      ],
    },
  },
} as const satisfies Record<string, { label: string; description: string; plan: CustomerPlan }>;

export type PersonaId = keyof typeof PERSONAS;
export const PERSONA_IDS = Object.keys(PERSONAS) as [PersonaId, ...PersonaId[]];
