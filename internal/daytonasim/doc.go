// Package daytonasim is an in-process stand-in for the Daytona sandbox API,
// for tests that run the provisioning workflow without the real service.
//
// [New] starts an [httptest.Server] on 127.0.0.1 that serves, under /api,
// the two routes the flagship workflow calls:
//
//	POST /api/sandbox                     createSandbox
//	GET  /api/sandbox/{sandboxIdOrName}   getSandbox (verbose accepted, ignored)
//
// It follows the behaviour of the real API (release v0.190.0) as recorded
// in the project's reference notes:
//
//   - Every call needs "Authorization: Bearer <token>"; otherwise 401
//     "Invalid credentials".
//   - POST answers 200, not 201, with the sandbox as stored at insertion:
//     state "creating", desiredState "started", resources copied from the
//     snapshot, name defaulting to the id. Any truthy cpu, gpu, memory or
//     disk gives 400 "Cannot specify Sandbox resources when using a
//     snapshot"; 0, null and absent are fine. A duplicate name gives 409.
//     A malformed body gives 400 before authentication is checked, as the
//     real body parser does.
//   - GET looks the value up as an id first, then as a name. Each GET
//     moves the sandbox one poll further: it reports [Config.Phases]
//     spread over [Config.PollsUntilStarted] polls, then "started" with a
//     daemonVersion, or "error" with an errorReason for
//     [Config.ErrorSnapshot]. Unknown sandboxes give 404.
//   - GETs of one sandbox closer together than [Config.MinPollInterval]
//     give 429 with Retry-After. Successful answers carry the
//     X-RateLimit-*-<throttler> headers, and the per-minute tier-1 limits
//     (300 creates, 10,000 other calls) are enforced.
//   - Errors have the body {"path","timestamp","statusCode","error",
//     "message"}, except malformed JSON, which has no path or timestamp.
//
// The simulator keeps one organization and never lets time pass on its
// own: states advance only when polled, and timestamps come from
// [Config.Clock].
package daytonasim
