// Every migration, in order. `npm run migration:generate -- Name` writes a new file; add it here.
import { Init1795247641984 } from './1795247641984-Init.js';
import { Imports1795248616010 } from './1795248616010-Imports.js';
import { Workflow1795249396948 } from './1795249396948-Workflow.js';
import { ListOrder1795250570587 } from './1795250570587-ListOrder.js';
import { Reminders1795251412043 } from './1795251412043-Reminders.js';
import { Deliveries1795251661656 } from './1795251661656-Deliveries.js';
import { AgencyContacts1795252504765 } from './1795252504765-AgencyContacts.js';
import { DeliveryLease1795260000000 } from './1795260000000-DeliveryLease.js';
import { Reports1795260000001 } from './1795260000001-Reports.js';
import { RollupFacts1795260000002 } from './1795260000002-RollupFacts.js';

export const migrations = [
  Init1795247641984,
  Imports1795248616010,
  Workflow1795249396948,
  ListOrder1795250570587,
  Reminders1795251412043,
  Deliveries1795251661656,
  AgencyContacts1795252504765,
  DeliveryLease1795260000000,
  Reports1795260000001,
  RollupFacts1795260000002,
];
