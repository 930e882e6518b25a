// Command probe checks ruapi-go against your own accounts: it makes read-only
// calls to every API it has credentials for and reports, for each endpoint,
// whether the SDK understood the answer and where the answer's shape differs
// from the SDK's types.
//
//	go run github.com/ruapi/ruapi-go/examples/probe@latest -out probe-report
//
// It reads the same environment variables as the quickstart and the examples:
//
//	ATI_TOKEN [ATI_BASE_URL]                          ATI.SU
//	SM_BASE_URL SM_LOGIN SM_PASSWORD SM_ACCOUNT       1C Service Manager
//	AEZA_API_KEY [AEZA_BASE_URL]                      Aeza
//	DP_BASE_URL DP_LOGIN DP_PASSWORD [DP_TOKEN]       a Data Provider
//
// It sends only reads. Every client's HTTP transport is a guard that lets
// through only the requests on the probe's allow-list (method and path, and
// for reads sent as POST the method or parameters in the body) and refuses
// anything else before it is sent.
//
// For each endpoint it reports the HTTP status and latency, whether the SDK
// decoded the answer, the fields the answer has that the SDK's type does not
// know, fields of another JSON type than the SDK expects, expected fields that
// are absent, enum values the SDK does not know, and the rate-limit and
// request-id headers seen; and the facts the SDK is unsure of (Service
// Manager's ExtAPI version and sm_version and whether /version takes GET or
// only POST; whether Aeza answers on v2 and in which envelope; Aeza's price
// magnitudes beside the account's currency).
//
// Flags:
//
//	-out DIR   write DIR/report.md and a recording of every exchange, one
//	           fixture file per exchange under DIR/<api>/, with credentials,
//	           tokens, passwords, e-mails, phone numbers and INNs scrubbed
//	-json      print the report as JSON instead of a table
//	-timeout   bound the whole probe (default 2m)
//
// Progress goes to stderr. Exit status: 0 nothing drifted, 1 something did,
// 2 the probe could not run (no credentials, a bad variable, nothing answered).
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
