package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// PowerAction is a power control action of the newer API
// (POST v2/services/{id}/ctl/{action}).
type PowerAction string

// Power actions.
const (
	// PowerSuspend powers a server off (soft; with force, hard).
	PowerSuspend PowerAction = "suspend"
	// PowerResume powers a suspended server on.
	PowerResume PowerAction = "resume"
	// PowerRestart restarts an active server.
	PowerRestart PowerAction = "restart"
)

// String returns the action as Aeza names it.
func (a PowerAction) String() string { return string(a) }

// PowerOffOptions change [ServicesService.PowerOff].
type PowerOffOptions struct {
	// Force powers off at once (a hard power-off) rather than asking the
	// system to shut down; it needs the capability "ctl.force_off".
	Force bool `json:"force"`
}

// Power sends a power action (POST v2/services/{id}/ctl/{action}); see
// [ServicesService.PowerOff], [ServicesService.PowerOn] and
// [ServicesService.Restart]. Aeza answers an action the service's state does
// not allow (resuming an active server, say) with HTTP 400
// "service.invalid_status" whose Details list the allowed statuses, and a
// service running a task with HTTP 409: check [ServiceInfo.Ready] first. It
// is sent exactly once, never retried; on [ErrOutcomeUnknown] read the
// service's status and currentTask before sending it again.
func (s *ServicesService) Power(ctx context.Context, id int64, action PowerAction, opts ...CallOption) error {
	return s.power(ctx, id, action, nil, opts)
}

func (s *ServicesService) power(ctx context.Context, id int64, action PowerAction, body any, opts []CallOption) error {
	switch action {
	case "":
		return fmt.Errorf("aeza: empty power action: %w", ErrInvalidArgument)
	case PowerSuspend, PowerResume, PowerRestart:
	default:
		if strings.ContainsAny(string(action), "/?#%") {
			return fmt.Errorf("aeza: power action %q: %w", action, ErrInvalidArgument)
		}
	}
	p, err := servicePath(id, "/ctl/"+string(action))
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.power."+string(action), body, opts), nil, false)
}

// PowerOff powers a server off (POST v2/services/{id}/ctl/suspend, with
// {"force": true} when o.Force). o may be nil. It does what
// [ServicesService.Suspend] does through the older ctl call; prefer PowerOff:
// it is the call current clients use for power control, and a refusal comes
// back typed (HTTP 400 "service.invalid_status" with the allowed statuses,
// 409 while a task runs). Sent exactly once.
func (s *ServicesService) PowerOff(ctx context.Context, id int64, o *PowerOffOptions, opts ...CallOption) error {
	var body any
	if o != nil && o.Force {
		body = o
	}
	return s.power(ctx, id, PowerSuspend, body, opts)
}

// PowerOn powers a suspended server on (POST v2/services/{id}/ctl/resume).
// Prefer it to [ServicesService.Resume], for the reasons [ServicesService.PowerOff]
// gives. Sent exactly once.
func (s *ServicesService) PowerOn(ctx context.Context, id int64, opts ...CallOption) error {
	return s.power(ctx, id, PowerResume, nil, opts)
}

// Restart restarts an active server (POST v2/services/{id}/ctl/restart; it
// needs the capability "ctl.restart"). Prefer it to [ServicesService.Reboot],
// for the reasons [ServicesService.PowerOff] gives. Sent exactly once.
func (s *ServicesService) Restart(ctx context.Context, id int64, opts ...CallOption) error {
	return s.power(ctx, id, PowerRestart, nil, opts)
}

// EnterRescue boots a server into its rescue system (POST
// v2/services/{id}/rescue); its status becomes "rescue". Sent exactly once.
func (s *ServicesService) EnterRescue(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := servicePath(id, "/rescue")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.enterRescue", nil, opts), nil, false)
}

// LeaveRescue boots a server back into its own system (POST
// v2/services/{id}/rescue/leave). Sent exactly once.
func (s *ServicesService) LeaveRescue(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := servicePath(id, "/rescue/leave")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.leaveRescue", nil, opts), nil, false)
}

// VNCAccess is a server's remote console.
type VNCAccess struct {
	// Address is where to connect (as sent).
	Address string `json:"address"`
	// Password is the console's password: a secret that never prints.
	Password Password `json:"password"`
}

// UnmarshalJSON decodes the access; an address of an odd JSON type reads as
// text rather than fail.
func (v *VNCAccess) UnmarshalJSON(b []byte) error {
	var w struct {
		Address  Text `json:"address"`
		Password Text `json:"password"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = VNCAccess{Address: string(w.Address), Password: Password(w.Password)}
	return nil
}

// VNC opens the remote console of a server and returns its address and
// password (POST v2/services/{id}/remote/vnc; it needs the capability
// "remote.vnc"). Exposes a secret: the password is a [Password], scrubbed
// from this call's errors and logs. Sent exactly once.
func (s *ServicesService) VNC(ctx context.Context, id int64, opts ...CallOption) (*VNCAccess, error) {
	p, err := servicePath(id, "/remote/vnc")
	if err != nil {
		return nil, err
	}
	v := new(VNCAccess)
	if err := s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.vnc", nil, opts), v, true); err != nil {
		return nil, err
	}
	return v, nil
}

// SetPassword sets a server's root password (POST
// v2/services/{id}/change-password). Destructive: the old password stops
// working. The password is scrubbed from errors and logs. It does what
// [ServicesService.ChangePassword] does through the older path (whose method
// clients disagree on); prefer SetPassword, the call current clients use.
// Sent exactly once.
func (s *ServicesService) SetPassword(ctx context.Context, id int64, password Password, opts ...CallOption) error {
	p, err := servicePath(id, "/change-password")
	if err != nil {
		return err
	}
	if password == "" {
		return fmt.Errorf("aeza: empty password: %w", ErrInvalidArgument)
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.setPassword", map[string]Password{"password": password}, opts), nil, false)
}

// RebuildRequest reinstalls a server with SSH keys.
type RebuildRequest struct {
	// OS is the system to install, by slug ([OSSlug]("ubuntu_2404") or
	// [OS.Ref]); required.
	OS OSRef
	// Recipe is optional software installed with the system (zero: none).
	Recipe RecipeRef
	// Password is the new root password; it may be empty when SSHKeyIDs
	// is not.
	Password Password
	// SSHKeyIDs are keys ([SSHKeysService]) put on the new system.
	SSHKeyIDs []int64
}

type rebuildBody struct {
	OS        OSRef      `json:"os"`
	Recipe    *RecipeRef `json:"recipe,omitempty"`
	Password  Password   `json:"password,omitempty"`
	SSHKeyIDs []int64    `json:"sshKeyIds,omitempty"`
}

// Rebuild reinstalls a server (POST v2/services/{id}/reinstall {"os",
// "recipe", "password", "sshKeyIds"}). Destructive: it wipes the disk. It
// does what [ServicesService.Reinstall] does and also puts SSH keys on the
// new system; prefer Rebuild, the call current clients use (Reinstall stays
// for the older path). The password is scrubbed from errors and logs. Sent
// exactly once, never retried: on [ErrOutcomeUnknown] the disk may already
// be wiped, so look at the service's currentTask ([ServicesService.Info])
// before sending it again.
func (s *ServicesService) Rebuild(ctx context.Context, id int64, r RebuildRequest, opts ...CallOption) error {
	p, err := servicePath(id, "/reinstall")
	if err != nil {
		return err
	}
	if err := r.OS.validate("rebuild"); err != nil {
		return err
	}
	if err := r.Recipe.validate("rebuild"); err != nil {
		return err
	}
	if r.Password == "" && len(r.SSHKeyIDs) == 0 {
		return fmt.Errorf("aeza: rebuild needs a password or SSH keys: %w", ErrInvalidArgument)
	}
	for _, k := range r.SSHKeyIDs {
		if k <= 0 {
			return fmt.Errorf("aeza: SSH key id %d: must be positive: %w", k, ErrInvalidArgument)
		}
	}
	body := rebuildBody{OS: r.OS, Password: r.Password, SSHKeyIDs: r.SSHKeyIDs}
	if !r.Recipe.IsZero() {
		body.Recipe = &r.Recipe
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "services.rebuild", body, opts), nil, false)
}

// StatsOptions choose the window of [ServicesService.Stats].
type StatsOptions struct {
	// Resolution is the step between points, sent in whole seconds (zero:
	// Aeza's default; current clients send 60 s).
	Resolution time.Duration
	// From and To bound the window (zero: Aeza's default); sent as ISO-8601 UTC.
	From, To time.Time
}

// Stats is a series of a server's statistics.
type Stats struct {
	// Data are the points as sent (strings; other JSON values are kept in
	// their JSON text). Their format is not published.
	Data []string
	// Raw is the answer as sent.
	Raw json.RawMessage
}

// UnmarshalJSON accepts {"data": [...]} and a bare array.
func (st *Stats) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	st.Raw = append(json.RawMessage(nil), b...)
	arr := b
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		arr = bytes.TrimSpace(w.Data)
	}
	st.Data = nil
	if len(arr) == 0 || bytes.Equal(arr, []byte("null")) {
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(arr, &items); err != nil {
		return err
	}
	st.Data = make([]string, len(items))
	for i, it := range items {
		if s, err := flexText(it); err == nil {
			st.Data[i] = s
		} else {
			st.Data[i] = string(it)
		}
	}
	return nil
}

// Stats returns a server's statistics of one kind (GET
// v2/services/{id}/stats/{statType}?resolution=&fromDate=&toDate=). The
// kinds (statType) are not published: pass the one the panel uses ("cpu",
// say). o may be nil. It is a read, retried.
func (s *ServicesService) Stats(ctx context.Context, id int64, statType string, o *StatsOptions, opts ...CallOption) (*Stats, error) {
	if statType == "" {
		return nil, fmt.Errorf("aeza: empty stat type: %w", ErrInvalidArgument)
	}
	seg, err := transport.Path("%s", statType)
	if err != nil {
		return nil, fmt.Errorf("aeza: stat type: %w", err)
	}
	p, err := servicePath(id, "/stats/"+seg)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	if o != nil {
		if o.Resolution < 0 {
			return nil, fmt.Errorf("aeza: negative resolution: %w", ErrInvalidArgument)
		}
		if o.Resolution > 0 {
			q.Set("resolution", strconv.FormatInt(int64((o.Resolution+time.Second-1)/time.Second), 10))
		}
		if !o.From.IsZero() {
			q.Set("fromDate", o.From.UTC().Format(time.RFC3339Nano))
		}
		if !o.To.IsZero() {
			q.Set("toDate", o.To.UTC().Format(time.RFC3339Nano))
		}
	}
	var st Stats
	resp, err := s.c.tc.Do(ctx, v2Read(p, "services.stats", q, opts))
	if err != nil {
		return nil, err
	}
	// {"data": [...]} is this call's own shape, not a data wrapper: decode
	// the body as it is.
	if err := resp.DecodeJSON(&st); err != nil {
		return nil, err
	}
	return &st, nil
}
