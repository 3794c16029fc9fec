// A partner fills and submits, the agency verifies and rates medium capacity, a plan is made,
// approved and completed, and the rating becomes full: in English.
import { journeyTest } from './journey-run.mjs';

journeyTest('en', 'partner fills and submits, agency verifies and rates medium, plan completed, rating full (English)');
