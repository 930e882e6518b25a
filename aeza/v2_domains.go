package aeza

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
)

// Domain is a DNS zone Aeza serves for the account.
type Domain struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Status is the zone's state as sent (its values are not published).
	Status Text `json:"status"`
	// StatusReason explains the status, "" when none.
	StatusReason Text `json:"statusReason"`
	// ObservedNameservers are the nameservers Aeza last saw delegated to.
	ObservedNameservers []string  `json:"observedNameservers"`
	NSCheckedAt         Timestamp `json:"nsCheckedAt"`
	CreatedAt           Timestamp `json:"createdAt"`
	UpdatedAt           Timestamp `json:"updatedAt"`
}

// DNSRecord is a record of a zone.
type DNSRecord struct {
	ID      int64  `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Content string `json:"content"`
	TTL     int    `json:"ttl"`
	// Priority, Weight and Port are set for the types that have them (MX, SRV).
	Priority  *int      `json:"priority"`
	Weight    *int      `json:"weight"`
	Port      *int      `json:"port"`
	IsEnabled bool      `json:"isEnabled"`
	Note      Text      `json:"note"`
	CreatedAt Timestamp `json:"createdAt"`
	UpdatedAt Timestamp `json:"updatedAt"`
}

// NewDNSRecord is the body of [DomainsService.CreateRecord]: Type, Name and Content are required; nil
// fields are left to Aeza's defaults.
type NewDNSRecord struct {
	Type      string  `json:"type"`
	Name      string  `json:"name"`
	Content   string  `json:"content"`
	TTL       *int    `json:"ttl,omitempty"`
	Priority  *int    `json:"priority,omitempty"`
	Weight    *int    `json:"weight,omitempty"`
	Port      *int    `json:"port,omitempty"`
	IsEnabled *bool   `json:"isEnabled,omitempty"`
	Note      *string `json:"note,omitempty"`
}

// DNSRecordUpdate changes a record; nil fields are left as they are.
type DNSRecordUpdate struct {
	Type      *string `json:"type,omitempty"`
	Name      *string `json:"name,omitempty"`
	Content   *string `json:"content,omitempty"`
	TTL       *int    `json:"ttl,omitempty"`
	Priority  *int    `json:"priority,omitempty"`
	Weight    *int    `json:"weight,omitempty"`
	Port      *int    `json:"port,omitempty"`
	IsEnabled *bool   `json:"isEnabled,omitempty"`
	Note      *string `json:"note,omitempty"`
}

// record is the record as the request describes it.
func (r NewDNSRecord) record() *DNSRecord {
	rec := &DNSRecord{Type: r.Type, Name: r.Name, Content: r.Content, Priority: r.Priority, Weight: r.Weight, Port: r.Port}
	if r.TTL != nil {
		rec.TTL = *r.TTL
	}
	if r.IsEnabled != nil {
		rec.IsEnabled = *r.IsEnabled
	}
	if r.Note != nil {
		rec.Note = Text(*r.Note)
	}
	return rec
}

// record is the part of the record the update describes.
func (u DNSRecordUpdate) record(id int64) *DNSRecord {
	rec := NewDNSRecord{Priority: u.Priority, Weight: u.Weight, Port: u.Port, TTL: u.TTL, IsEnabled: u.IsEnabled, Note: u.Note}.record()
	rec.ID = id
	if u.Type != nil {
		rec.Type = *u.Type
	}
	if u.Name != nil {
		rec.Name = *u.Name
	}
	if u.Content != nil {
		rec.Content = *u.Content
	}
	return rec
}

// RecordType is a DNS record type Aeza serves, with the parts of its content.
// Description and the patterns may be absent (specs/aeza-v2.md, A6 row 40).
type RecordType struct {
	Name        string           `json:"name"`
	Description Text             `json:"description,omitempty"`
	Pattern     Text             `json:"pattern,omitempty"`
	Parts       []RecordTypePart `json:"parts"`
}

// RecordTypePart is one part of a record type's content.
type RecordTypePart struct {
	Slug    string `json:"slug"`
	Pattern Text   `json:"pattern,omitempty"`
	Type    Text   `json:"type"`
}

// DomainsService manages DNS zones and their records.
type DomainsService struct{ c *Client }

// List returns one page of zones (GET v2/domains). A read, retried.
func (s *DomainsService) List(ctx context.Context, page *PageOptions, opts ...CallOption) (*List[Domain], error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[Domain](ctx, s.c, v2Read("domains", "domains.list", page, opts))
}

// All iterates over every zone.
func (s *DomainsService) All(ctx context.Context, page *PageOptions, opts ...CallOption) iter.Seq2[Domain, error] {
	return v2All[Domain](ctx, s.c, "domains", "domains.list", page, opts)
}

func domainPath(id int64, suffix string) (string, error) {
	s, err := pathID("domain id", id)
	if err != nil {
		return "", err
	}
	return "domains/" + s + suffix, nil
}

// Get returns one zone (GET v2/domains/{id}). A read, retried.
func (s *DomainsService) Get(ctx context.Context, id int64, opts ...CallOption) (*Domain, error) {
	p, err := domainPath(id, "")
	if err != nil {
		return nil, err
	}
	return v2Get[Domain](ctx, s.c, v2Read(p, "domains.get", nil, opts))
}

// Create adds a zone for a domain name the account holds (POST v2/domains
// {"name"}); it does not register the domain (registration is a paid
// service, ordered). Sent exactly once. An empty answer returns the zone as
// asked, with no ID.
func (s *DomainsService) Create(ctx context.Context, name string, opts ...CallOption) (*Domain, error) {
	if name == "" {
		return nil, fmt.Errorf("aeza: empty domain name: %w", ErrInvalidArgument)
	}
	return v2Made(ctx, s.c, v2Change(http.MethodPost, "domains", "domains.create", map[string]string{"name": name}, opts), &Domain{Name: name})
}

// Nameservers returns the nameservers to delegate zones to (GET
// v2/domains/nameservers). A read, retried.
func (s *DomainsService) Nameservers(ctx context.Context, opts ...CallOption) ([]string, error) {
	l, err := v2List[string](ctx, s.c, v2Read("domains/nameservers", "domains.nameservers", nil, opts))
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}

// RecordTypes returns the record types Aeza serves (GET v2/domains/record-types).
// A read, retried.
func (s *DomainsService) RecordTypes(ctx context.Context, opts ...CallOption) ([]RecordType, error) {
	l, err := v2List[RecordType](ctx, s.c, v2Read("domains/record-types", "domains.recordTypes", nil, opts))
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}

// Records returns one page of a zone's records (GET v2/domains/{id}/records).
// A read, retried.
func (s *DomainsService) Records(ctx context.Context, domainID int64, page *PageOptions, opts ...CallOption) (*List[DNSRecord], error) {
	p, err := domainPath(domainID, "/records")
	if err != nil {
		return nil, err
	}
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[DNSRecord](ctx, s.c, v2Read(p, "domains.records", page, opts))
}

// AllRecords iterates over every record of a zone.
func (s *DomainsService) AllRecords(ctx context.Context, domainID int64, page *PageOptions, opts ...CallOption) iter.Seq2[DNSRecord, error] {
	p, err := domainPath(domainID, "/records")
	if err != nil {
		return func(yield func(DNSRecord, error) bool) { yield(DNSRecord{}, err) }
	}
	return v2All[DNSRecord](ctx, s.c, p, "domains.records", page, opts)
}

// CreateRecord adds a record to a zone (POST v2/domains/{id}/records). Sent
// exactly once. An empty answer returns the record as asked, with no ID:
// list the records to find it rather than create it again.
func (s *DomainsService) CreateRecord(ctx context.Context, domainID int64, r NewDNSRecord, opts ...CallOption) (*DNSRecord, error) {
	p, err := domainPath(domainID, "/records")
	if err != nil {
		return nil, err
	}
	if r.Type == "" || r.Name == "" || r.Content == "" {
		return nil, fmt.Errorf("aeza: a DNS record needs a type, a name and content: %w", ErrInvalidArgument)
	}
	return v2Made(ctx, s.c, v2Change(http.MethodPost, p, "domains.createRecord", r, opts), r.record())
}

func recordPath(domainID, recordID int64) (string, error) {
	r, err := pathID("record id", recordID)
	if err != nil {
		return "", err
	}
	return domainPath(domainID, "/records/"+r)
}

// UpdateRecord changes a record (PATCH v2/domains/{id}/records/{recordId}),
// sent once. Clients disagree on the method (one uses PUT). Only when Aeza
// answers the PATCH with HTTP 405 Method Not Allowed is the same change sent
// once as a PUT: a 405 says the server ran nothing for the PATCH, so the PUT
// cannot apply the change a second time. Any other failure (a 404, which
// may be a missing record, or a lost answer) is returned as it is, never
// repeated. An empty answer returns the fields the update set.
func (s *DomainsService) UpdateRecord(ctx context.Context, domainID, recordID int64, u DNSRecordUpdate, opts ...CallOption) (*DNSRecord, error) {
	p, err := recordPath(domainID, recordID)
	if err != nil {
		return nil, err
	}
	if u == (DNSRecordUpdate{}) {
		return nil, fmt.Errorf("aeza: empty DNS record update: %w", ErrInvalidArgument)
	}
	r, err := v2Made(ctx, s.c, v2Change(http.MethodPatch, p, "domains.updateRecord", u, opts), u.record(recordID))
	var e *Error
	if err != nil && errors.As(err, &e) && e.StatusCode == http.StatusMethodNotAllowed {
		return v2Made(ctx, s.c, v2Change(http.MethodPut, p, "domains.updateRecord", u, opts), u.record(recordID))
	}
	return r, err
}

// DeleteRecord removes a record (DELETE v2/domains/{id}/records/{recordId}).
// Sent exactly once.
func (s *DomainsService) DeleteRecord(ctx context.Context, domainID, recordID int64, opts ...CallOption) error {
	p, err := recordPath(domainID, recordID)
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodDelete, p, "domains.deleteRecord", nil, opts), nil, false)
}
