// The fixture projects are split over fixtures-1 to fixtures-4.test.ts so parallel workers share them (see _fixtures.ts).
import { describeShard } from "./_fixtures.js";

describeShard(3);
