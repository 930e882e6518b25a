package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// status is a result's one-word verdict.
func status(r result) string {
	switch {
	case r.Skipped != "":
		return "skipped"
	case r.Drift():
		return "DRIFT"
	case r.Status == 0:
		return "no answer"
	case !r.Decoded:
		return "error"
	}
	return "ok"
}

// headerList formats the notable headers seen.
func headerList(h map[string]string) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+h[k])
	}
	return strings.Join(parts, "; ")
}

// writeTable prints the report for a terminal.
func writeTable(w io.Writer, rep *report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "API\tENDPOINT\tSTATUS\tMS\tDECODED\tVERDICT\tHEADERS")
	for _, r := range rep.Results {
		st, ms := "-", "-"
		if r.Status != 0 {
			st, ms = fmt.Sprint(r.Status), fmt.Sprintf("%.0f", r.LatencyMS)
		}
		dec := "no"
		if r.Decoded {
			dec = "yes"
		}
		if r.Skipped != "" {
			dec = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.API, r.Endpoint, st, ms, dec, status(r), headerList(r.Headers))
	}
	_ = tw.Flush()
	details := false
	for _, r := range rep.Results {
		if len(r.Findings) == 0 && r.Mismatch == "" && (r.Error == "" || r.Skipped != "") {
			continue
		}
		if !details {
			fmt.Fprintln(w, "\nDetails:")
			details = true
		}
		fmt.Fprintf(w, "  %s %s", r.API, r.Endpoint)
		if r.Request != "" {
			fmt.Fprintf(w, " (%s)", r.Request)
		}
		fmt.Fprintln(w)
		if r.Mismatch != "" {
			fmt.Fprintf(w, "    drift: %s\n", r.Mismatch)
		}
		if r.Error != "" {
			fmt.Fprintf(w, "    error: %s\n", r.Error)
		}
		for _, f := range r.Findings {
			fmt.Fprintf(w, "    %s\n", f)
		}
	}
	if len(rep.Facts) > 0 {
		fmt.Fprintln(w, "\nFacts the SDK is unsure of:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range rep.Facts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.API, f.Name, f.Value)
		}
		_ = tw.Flush()
	}
	for _, r := range rep.Refused {
		fmt.Fprintf(w, "\nRefused by the read-only guard: %s\n", r)
	}
	for _, pr := range rep.Problems {
		fmt.Fprintf(w, "\nProblem: %s\n", pr)
	}
	fmt.Fprintln(w)
	if rep.Drift {
		fmt.Fprintln(w, "Drift found: the SDK does not fully match your account's answers. Please report it (run with -out DIR and attach DIR).")
	} else {
		fmt.Fprintln(w, "No drift found.")
	}
}

// markdown is report.md: short, and safe to attach to a bug report as it is
// (it holds no credential, no body and no personal value; enum values the
// SDK does not know are shown, scrubbed like the recording).
func markdown(rep *report, sc scrubber) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# ruapi-go probe report\n\n")
	fmt.Fprintf(&b, "Probe format %s, run %s, APIs: %s.\n\n", rep.Version, rep.Started.Format("2006-01-02 15:04 UTC"), strings.Join(rep.APIs, ", "))
	if rep.Drift {
		b.WriteString("**Drift found.**\n\n")
	} else {
		b.WriteString("No drift found.\n\n")
	}
	b.WriteString("| API | endpoint | status | ms | decoded | verdict | rate-limit / request-id headers |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rep.Results {
		st, ms := "-", "-"
		if r.Status != 0 {
			st, ms = fmt.Sprint(r.Status), fmt.Sprintf("%.0f", r.LatencyMS)
		}
		dec := "no"
		if r.Decoded {
			dec = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.API, md(r.Endpoint), st, ms, dec, status(r), md(sc.text(headerList(r.Headers))))
	}
	first := true
	for _, r := range rep.Results {
		if len(r.Findings) == 0 && r.Mismatch == "" && (r.Error == "" || r.Skipped != "") {
			continue
		}
		if first {
			b.WriteString("\n## Findings\n")
			first = false
		}
		fmt.Fprintf(&b, "\n### %s %s\n\n", r.API, md(r.Endpoint))
		if r.Mismatch != "" {
			fmt.Fprintf(&b, "- drift: %s\n", md(r.Mismatch))
		}
		if r.Error != "" {
			fmt.Fprintf(&b, "- error: `%s`\n", strings.ReplaceAll(sc.text(r.Error), "`", "'"))
		}
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "- %s\n", md(sc.text(f.String())))
		}
	}
	if len(rep.Facts) > 0 {
		b.WriteString("\n## Facts the SDK is unsure of\n\n| API | fact | value |\n|---|---|---|\n")
		for _, f := range rep.Facts {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", f.API, md(f.Name), md(sc.text(f.Value)))
		}
	}
	if len(rep.Refused) > 0 {
		b.WriteString("\n## Refused by the read-only guard\n\n")
		for _, r := range rep.Refused {
			fmt.Fprintf(&b, "- %s\n", md(r))
		}
	}
	if len(rep.Problems) > 0 {
		b.WriteString("\n## Problems\n\n")
		for _, pr := range rep.Problems {
			fmt.Fprintf(&b, "- %s\n", md(sc.text(pr)))
		}
	}
	return b.String()
}

// md escapes table separators.
func md(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
