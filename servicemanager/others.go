package servicemanager

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// Text is a value whose JSON type no source shows (an id that may be a
// number or a string): it keeps a string's content, or any other token's
// raw text, and is written back as a string.
type Text string

// UnmarshalJSON accepts a string, a number or a boolean (null is empty).
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("servicemanager: %s is not a scalar", b)
	default:
		*t = Text(b)
	}
	return nil
}

// String returns the text.
func (t Text) String() string { return string(t) }

// ApplicationsService holds application/list (fields: BTS): the
// configurations a subscriber may create applications from.
type ApplicationsService struct{ c *Client }

// Application is a configuration available to a subscriber.
type Application struct {
	// ID is its code.
	ID string `json:"id"`
	// Name is its name; SysName its system name.
	Name    string `json:"name,omitempty"`
	SysName string `json:"sysname,omitempty"`
	// Description describes it.
	Description string `json:"description,omitempty"`
	// Account is the subscriber.
	Account int64 `json:"account,omitempty"`
}

// List returns the configurations available to the subscriber
// (application/list; fields: BTS).
func (s *ApplicationsService) List(ctx context.Context, account int64, opts ...CallOption) ([]Application, error) {
	params := struct {
		Account int64 `json:"account"`
	}{account}
	var out struct {
		answer
		Application []Application `json:"application"`
	}
	if _, err := s.c.call(ctx, MethodApplicationList, account, params, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Application, nil
}

// PromoCodesService holds promo_code/activate (fields: BTS).
type PromoCodesService struct{ c *Client }

// Activate activates a promo code for the subscriber, with an optional label
// subID (promo_code/activate; fields: BTS). It is sent once.
// On [ErrOutcomeUnknown] the code may be spent: check the subscription ([SubscriptionsService.Info])
// before activating it again.
func (s *PromoCodesService) Activate(ctx context.Context, account int64, code, subID string, opts ...CallOption) error {
	if err := checkCode(MethodPromoCodeActivate, "promo code", code); err != nil {
		return err
	}
	params := struct {
		Account int64  `json:"account"`
		Code    string `json:"code"`
		SubID   string `json:"subid,omitempty"`
	}{account, code, subID}
	_, err := s.c.call(ctx, MethodPromoCodeActivate, account, params, transport.RetryNever, nil, opts)
	return err
}

// AccountingSystemsService holds the accounting system methods
// (accounting_system/*; fields: BTS): the billing systems invoices are
// exchanged with.
type AccountingSystemsService struct{ c *Client }

// AccountingSystem is an accounting (billing) system. accounting_system/info
// adds Description and the rules.
type AccountingSystem struct {
	ID          int64  `json:"id"`
	Name        string `json:"name,omitempty"`
	OwnerID     int64  `json:"owner_id,omitempty"`
	Import      bool   `json:"import,omitempty"`
	ImportLogin string `json:"import_login,omitempty"`
	Export      bool   `json:"export,omitempty"`
	ExportURL   string `json:"export_url,omitempty"`
	ExportLogin string `json:"export_login,omitempty"`
	// Description describes it (info only).
	Description string `json:"description,omitempty"`
	// ExportRules, ImportRules and ResponseProcessingRules are its exchange
	// rules (info only).
	ExportRules             []ExportRule             `json:"export_rules,omitempty"`
	ImportRules             []ImportRule             `json:"import_rules,omitempty"`
	ResponseProcessingRules []ResponseProcessingRule `json:"response_processing_rules,omitempty"`
}

// ExportRule is an export rule of an accounting system. The types of its
// members other than RuleLineID (a UUID) are not documented: they keep their
// text.
type ExportRule struct {
	RuleID            Text   `json:"rule_id,omitempty"`
	RuleLineID        string `json:"rule_line_id,omitempty"`
	ConditionID       Text   `json:"condition_id,omitempty"`
	URL               string `json:"url,omitempty"`
	FastSending       Text   `json:"fast_sending,omitempty"`
	ScheduledExport   Text   `json:"scheduled_export,omitempty"`
	ProviderSelection Text   `json:"provider_selection,omitempty"`
}

// ImportRule is an import rule of an accounting system.
type ImportRule struct {
	RuleID Text   `json:"rule_id,omitempty"`
	URL    string `json:"url,omitempty"`
}

// ResponseProcessingRule says which response codes a rule line handles.
type ResponseProcessingRule struct {
	RuleLineID    string  `json:"rule_line_id,omitempty"`
	RuleID        Text    `json:"rule_id,omitempty"`
	ResponseCodes []int64 `json:"response_codes,omitempty"`
}

// BillingSettings is an accounting_system/create_update_billing request:
// without ID it creates a system. ExportPassword is a secret, never printed.
type BillingSettings struct {
	ID             int64    `json:"id,omitempty"`
	ImportLogin    string   `json:"import_login,omitempty"`
	ExportURL      string   `json:"export_url,omitempty"`
	ExportLogin    string   `json:"export_login,omitempty"`
	ExportPassword Password `json:"export_password,omitempty"`
}

// List returns the accounting systems (accounting_system/list; fields: BTS).
func (s *AccountingSystemsService) List(ctx context.Context, account int64, opts ...CallOption) ([]AccountingSystem, error) {
	var out struct {
		answer
		AccountingSystem []AccountingSystem `json:"accounting_system"`
	}
	if _, err := s.c.call(ctx, MethodAccountingSystemList, account, nil, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.AccountingSystem, nil
}

type accountingSystemResult struct {
	answer
	AccountingSystem *AccountingSystem `json:"accounting_system"`
}

func (r *accountingSystemResult) missing([]byte) string {
	return missingObject(r.AccountingSystem, "accounting_system")
}

// Info returns one accounting system with its rules (accounting_system/info;
// fields: BTS).
func (s *AccountingSystemsService) Info(ctx context.Context, account, id int64, opts ...CallOption) (*AccountingSystem, error) {
	if id <= 0 {
		return nil, fmt.Errorf("servicemanager: %s: id %d: must be positive: %w", MethodAccountingSystemInfo, id, ErrInvalidArgument)
	}
	params := struct {
		ID int64 `json:"id"`
	}{id}
	var out accountingSystemResult
	if _, err := s.c.call(ctx, MethodAccountingSystemInfo, account, params, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.AccountingSystem, nil
}

// CreateUpdateBilling creates (without ID) or changes an accounting
// system's exchange settings and returns its id and name
// (accounting_system/create_update_billing; fields: BTS). It is sent once.
// The password never appears in an error or a log.
// On [ErrOutcomeUnknown] read the settings back ([AccountingSystemsService.Info]) before sending again.
func (s *AccountingSystemsService) CreateUpdateBilling(ctx context.Context, account int64, b BillingSettings, opts ...CallOption) (*AccountingSystem, error) {
	var out struct {
		answer
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if _, err := s.c.call(ctx, MethodAccountingSystemCreateUpdateBill, account, b, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	return &AccountingSystem{ID: out.ID, Name: out.Name}, nil
}
