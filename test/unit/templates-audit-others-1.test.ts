// Templates other than the platforms' own, split over templates-audit-others-1 to -N.test.ts so parallel workers share them (see _templates-audit.ts).
import { describeOtherTemplates } from "./_templates-audit.js";

describeOtherTemplates(1);
