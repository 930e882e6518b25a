package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/fixture"
	"github.com/ruapi/ruapi-go/internal/shape"
	"github.com/ruapi/ruapi-go/internal/transport"
)

// result is what the probe found at one endpoint.
type result struct {
	API      string `json:"api"`
	Endpoint string `json:"endpoint"`
	// Request is the last request sent for it ("GET /v1.0/balance").
	Request   string  `json:"request,omitempty"`
	Status    int     `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	// Decoded is true when the SDK's call returned no error.
	Decoded bool   `json:"decoded"`
	Error   string `json:"error,omitempty"`
	// Findings are the differences between the answer and the SDK's type.
	Findings []shape.Finding `json:"findings,omitempty"`
	// Headers are the rate-limit and request-id headers seen.
	Headers map[string]string `json:"headers,omitempty"`
	// Skipped says why the endpoint was not called.
	Skipped string `json:"skipped,omitempty"`
	// DecodeFailed is true when a successful answer did not decode.
	DecodeFailed bool `json:"decode_failed,omitempty"`
	// Mismatch, when set, is a way the upstream differs from what the SDK
	// does that the answer's shape does not show (a method it refuses).
	Mismatch string `json:"mismatch,omitempty"`
}

// Drift reports whether the endpoint's answer drifted from the SDK.
func (r result) Drift() bool {
	if r.DecodeFailed || r.Mismatch != "" {
		return true
	}
	for _, f := range r.Findings {
		if f.Drift() {
			return true
		}
	}
	return false
}

// fact is something the SDK is unsure of, as this account's upstream answered it.
type fact struct {
	API   string `json:"api"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// report is the whole probe's outcome.
type report struct {
	Version   string    `json:"probe_version"`
	Started   time.Time `json:"started"`
	APIs      []string  `json:"apis"`
	Results   []result  `json:"results"`
	Facts     []fact    `json:"facts"`
	Drift     bool      `json:"drift"`
	Refused   []string  `json:"refused,omitempty"`
	Problems  []string  `json:"problems,omitempty"`
	Recording string    `json:"recording,omitempty"`
}

// probeVersion names the report format.
const probeVersion = "1"

// config is what run reads from its flags and environment.
type config struct {
	out     string
	json    bool
	timeout time.Duration
}

// usage lists the variables, for a run with none set.
const usage = `probe: no credentials set. Set the variables of the APIs you use, then run again:

  ATI_TOKEN [ATI_BASE_URL]                          ATI.SU
  SM_BASE_URL SM_LOGIN SM_PASSWORD SM_ACCOUNT       1C Service Manager
  AEZA_API_KEY [AEZA_BASE_URL]                      Aeza
  DP_BASE_URL DP_LOGIN DP_PASSWORD [DP_TOKEN]       a Data Provider

The probe sends only reads. With -out DIR it writes DIR/report.md and a
scrubbed recording of every exchange: attach them to your bug report.
`

// run is the probe: it returns the exit status (0 no drift, 1 drift, 2
// could not run).
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	code, _ := runProber(ctx, args, env, stdout, stderr)
	return code
}

// runProber is run, returning the prober too (nil when it did not start).
func runProber(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) (int, *prober) {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.StringVar(&cfg.out, "out", "", "write report.md and a scrubbed recording of every exchange to this directory")
	fs.BoolVar(&cfg.json, "json", false, "print the report as JSON")
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "bound the whole probe")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "probe: unexpected arguments %q\n", fs.Args())
		return 2, nil
	}
	apis, err := configured(env)
	if err != nil {
		fmt.Fprintln(stderr, "probe:", err)
		return 2, nil
	}
	if len(apis) == 0 {
		fmt.Fprint(stderr, usage)
		return 2, nil
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	p := &prober{cfg: cfg, progress: stderr, rep: report{Version: probeVersion, Started: time.Now().UTC()}}
	var secrets []string
	for _, k := range scrubbedVars {
		if v := env(k); v != "" {
			secrets = append(secrets, v)
		}
	}
	p.scrub = newScrubber(secrets...)
	var tmp string
	if cfg.out != "" {
		if tmp, err = os.MkdirTemp("", "ruapi-probe-"); err != nil {
			fmt.Fprintln(stderr, "probe:", err)
			return 2, nil
		}
		defer os.RemoveAll(tmp)
		p.recordDir = tmp
	}
	for _, a := range apis {
		p.rep.APIs = append(p.rep.APIs, a.name)
		fmt.Fprintf(stderr, "probe: %s (%s)\n", a.title, a.where)
		if err := a.run(ctx, p); err != nil {
			msg := p.scrub.text(err.Error())
			p.rep.Problems = append(p.rep.Problems, a.name+": "+msg)
			fmt.Fprintf(stderr, "probe: %s: %s\n", a.name, msg)
		}
	}
	for _, t := range p.targets {
		for _, r := range t.guard.Refused() {
			p.rep.Refused = append(p.rep.Refused, t.api+": "+r)
		}
	}
	answered := false
	for _, r := range p.rep.Results {
		p.rep.Drift = p.rep.Drift || r.Drift()
		answered = answered || r.Status/100 == 2
	}
	if cfg.out != "" {
		if err := p.writeOut(cfg.out); err != nil {
			fmt.Fprintln(stderr, "probe: writing", cfg.out+":", err)
			return 2, p
		}
		p.rep.Recording = cfg.out
		fmt.Fprintf(stderr, "probe: wrote %s (report.md and the scrubbed recording)\n", cfg.out)
	}
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(p.rep)
	} else {
		writeTable(stdout, &p.rep)
	}
	switch {
	case p.rep.Drift:
		return 1, p
	case !answered:
		fmt.Fprintln(stderr, "probe: no endpoint answered with success: check the credentials and base URLs")
		return 2, p
	case len(p.rep.Problems) > 0:
		fmt.Fprintln(stderr, "probe: some APIs could not be checked (see Problems)")
		return 2, p
	}
	return 0, p
}

// api is one upstream the environment has credentials for.
type api struct {
	name, title, where string
	run                func(context.Context, *prober) error
}

// configured reads the environment; a partial set of an API's variables is
// an error, as in the examples.
func configured(env func(string) string) ([]api, error) {
	var apis []api
	var errs []error
	if a, err := atiFromEnv(env); err != nil {
		errs = append(errs, err)
	} else if a != nil {
		apis = append(apis, *a)
	}
	if a, err := smFromEnv(env); err != nil {
		errs = append(errs, err)
	} else if a != nil {
		apis = append(apis, *a)
	}
	if a, err := aezaFromEnv(env); err != nil {
		errs = append(errs, err)
	} else if a != nil {
		apis = append(apis, *a)
	}
	if a, err := dpFromEnv(env); err != nil {
		errs = append(errs, err)
	} else if a != nil {
		apis = append(apis, *a)
	}
	return apis, errors.Join(errs...)
}

// prober runs the checks and collects the report.
type prober struct {
	cfg       config
	progress  io.Writer
	rep       report
	targets   []*target
	recordDir string
	scrub     scrubber
}

// scrubbedVars hold what a recording or report must never show: every
// API's credentials, and the logins (personal data).
var scrubbedVars = []string{"ATI_TOKEN", "ATI_INTEGRATOR_CODE", "SM_LOGIN", "SM_PASSWORD", "AEZA_API_KEY", "DP_LOGIN", "DP_PASSWORD", "DP_TOKEN"}

// target is the HTTP plumbing of one API's client: guard, capture and,
// with -out, a recorder.
type target struct {
	api   string
	guard *guard
	cap   *capture
	rec   *fixture.Recorder
	hc    *http.Client
}

// newTarget builds the *http.Client an API's client is given: requests go
// through the read-only guard first, then the capture, then (with -out)
// the recorder, then the network.
func (p *prober) newTarget(name, base string, rules []rule, secrets ...string) (*target, error) {
	next := http.DefaultTransport
	t := &target{api: name}
	if p.recordDir != "" {
		var keep []string
		for _, s := range secrets {
			if s != "" {
				keep = append(keep, s)
			}
		}
		t.rec = &fixture.Recorder{Transport: next, Dir: filepath.Join(p.recordDir, name), Secrets: keep,
			Source: "recorded by ruapi-probe " + time.Now().UTC().Format("2006-01-02")}
		next = t.rec
	}
	t.cap = &capture{next: next}
	g, err := newGuard(base, t.cap, rules...)
	if err != nil {
		return nil, err
	}
	t.guard = g
	t.hc = &http.Client{Transport: g, Timeout: 60 * time.Second}
	p.targets = append(p.targets, t)
	return t, nil
}

// wire is the JSON shape an endpoint's answer is compared with.
type wire = reflect.Type

// call is one endpoint's SDK call; it fills info.
type call func(ctx context.Context, info *transport.ResponseInfo) error

// check runs c, then compares the raw answer with w (nil: no comparison).
func (p *prober) check(ctx context.Context, t *target, endpoint string, w wire, c call) result {
	return p.checkWith(ctx, t, endpoint, func([]byte) wire { return w }, c)
}

// checkWith is check with the wire type picked from the answer's body.
func (p *prober) checkWith(ctx context.Context, t *target, endpoint string, pick func([]byte) wire, c call) result {
	r := result{API: t.api, Endpoint: endpoint}
	fmt.Fprintf(p.progress, "probe:   %s.%s ... ", t.api, endpoint)
	mark := t.cap.mark()
	var info transport.ResponseInfo
	err := c(ctx, &info)
	r.Decoded = err == nil
	if err != nil {
		r.Error = p.scrub.text(err.Error())
	}
	exs := t.cap.since(mark)
	var last *exchange
	for i := len(exs) - 1; i >= 0; i-- {
		if exs[i].Err == nil {
			last = &exs[i]
			break
		}
	}
	if len(exs) > 0 {
		e := exs[len(exs)-1]
		r.Request = e.Method + " " + e.Path
	}
	r.Status = info.StatusCode
	if last != nil {
		if r.Status == 0 {
			r.Status = last.Status
		}
		r.LatencyMS = float64(last.Latency.Microseconds()) / 1000
		r.Headers = notableHeaders(last.Header)
	}
	if info.RequestID != "" {
		if r.Headers == nil {
			r.Headers = map[string]string{}
		}
		r.Headers["request-id"] = info.RequestID
	}
	var w wire
	switch {
	case last != nil && last.Truncated:
		r.Error = strings.TrimSpace(r.Error + fmt.Sprintf("; the answer is over %d bytes: its shape was not checked", maxCapture))
	case last != nil && last.Status/100 == 2:
		w = pick(last.Body)
	}
	if w != nil {
		fs, serr := shape.Compare(last.Body, w, shapeOptions)
		if serr != nil {
			r.DecodeFailed = true
			r.Error = strings.TrimSpace(r.Error + "; " + serr.Error())
		}
		r.Findings = fs
		if err != nil && isDecodeError(err) {
			r.DecodeFailed = true
		}
	}
	p.rep.Results = append(p.rep.Results, r)
	fmt.Fprintln(p.progress, summary(r))
	return r
}

// mismatch marks the last result of endpoint as drifted, for a reason its
// shape does not show.
func (p *prober) mismatch(api, endpoint, why string) {
	for i := len(p.rep.Results) - 1; i >= 0; i-- {
		if r := &p.rep.Results[i]; r.API == api && r.Endpoint == endpoint {
			r.Mismatch = why
			fmt.Fprintf(p.progress, "probe:   %s.%s: DRIFT: %s\n", api, endpoint, why)
			return
		}
	}
}

// skip notes an endpoint the probe could not call.
func (p *prober) skip(t *target, endpoint, why string) {
	p.rep.Results = append(p.rep.Results, result{API: t.api, Endpoint: endpoint, Skipped: why})
	fmt.Fprintf(p.progress, "probe:   %s.%s skipped: %s\n", t.api, endpoint, why)
}

// note records a fact.
func (p *prober) note(api, name, value string) {
	p.rep.Facts = append(p.rep.Facts, fact{API: api, Name: name, Value: value})
	fmt.Fprintf(p.progress, "probe:   fact %s %s: %s\n", api, name, value)
}

// isDecodeError reports whether err is the SDK failing to read a success.
func isDecodeError(err error) bool {
	return errors.Is(err, transport.ErrDecode)
}

// notableHeaders picks the rate-limit and request-id headers.
func notableHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		low := strings.ToLower(k)
		if strings.Contains(low, "ratelimit") || strings.Contains(low, "rate-limit") || low == "retry-after" ||
			strings.Contains(low, "request-id") || strings.Contains(low, "correlation-id") || low == "x-trace-id" {
			out[k] = strings.Join(v, ", ")
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func summary(r result) string {
	switch {
	case r.Skipped != "":
		return "skipped: " + r.Skipped
	case r.Status == 0:
		return "no answer: " + r.Error
	}
	s := fmt.Sprintf("%d in %.0f ms", r.Status, r.LatencyMS)
	n := 0
	for _, f := range r.Findings {
		if f.Drift() {
			n++
		}
	}
	switch {
	case r.Drift():
		s += fmt.Sprintf(", DRIFT (%d findings)", n)
	case !r.Decoded:
		s += ", error: " + r.Error
	default:
		s += ", ok"
	}
	return s
}

// writeOut writes the scrubbed recording and report.md to dir.
func (p *prober) writeOut(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(p.recordDir, "*", "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		fx, err := fixture.Load(f)
		if err != nil {
			return err
		}
		p.scrub.fixture(fx)
		data, err := json.MarshalIndent(fx, "", "  ")
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p.recordDir, f)
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(dst, append(data, '\n'), 0o600); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "report.md"), []byte(markdown(&p.rep, p.scrub)), 0o600)
}
