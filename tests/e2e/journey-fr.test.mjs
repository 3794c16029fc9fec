// The same path as journey-en, with everyone working in French.
import { journeyTest } from './journey-run.mjs';

journeyTest('fr', 'the same path in French: medium capacity, plan completed, full capacity');
