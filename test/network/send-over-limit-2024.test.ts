// @vitest-environment-options {"compatibilityDate":"2024-01-01"}
import { describeSendersOverLimit } from "./over-limit-support.js";

// At 2024-01-01 (manual close replies) the sending end sees the same as at 2026-11-01: the failed
// write's error comes first and already leaves it CLOSED, so the close event reads readyState 3.
describeSendersOverLimit();
