package servicemanager

import (
	"context"
	"fmt"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// ServantTariffsService holds the servant tariff methods (account/servant_tariffs/*).
type ServantTariffsService struct{ c *Client }

// ServantTariff is a servant's tariff.
type ServantTariff struct {
	// ID is the servant tariff's code ("000000021").
	ID string `json:"id"`
	// Name is the tariff's name.
	Name string `json:"name"`
	// TariffID is the code of the provider's base tariff.
	TariffID string `json:"tariff_id"`
	// BriefDescription is a short description (list only).
	BriefDescription string `json:"brief_description,omitempty"`
	// Description is the description for subscribers (info only).
	Description *TariffDescription `json:"description_for_subscribers,omitempty"`
	// ValidityPeriods are the periods the tariff is sold for.
	ValidityPeriods []ValidityPeriod `json:"validity_periods,omitempty"`
}

// TariffDescription is a tariff's description for subscribers: HTML and the
// pictures it refers to by name.
type TariffDescription struct {
	// HTML is the description.
	HTML string `json:"html"`
	// Images are base64 pictures; decode them with [Image.Decode].
	Images []Image `json:"images,omitempty"`
}

// ValidityPeriod is a period a tariff is sold for.
type ValidityPeriod struct {
	// ID is the period's code ("1YR", "3MN").
	ID string `json:"id"`
	// Name is the period's name ("1 год").
	Name string `json:"name"`
	// Period is the unit ("month", "year").
	Period PeriodKind `json:"period"`
	// Quantity is the number of units.
	Quantity int `json:"quantity"`
	// Cost is the price in roubles, exact.
	Cost Amount `json:"cost,omitempty"`
	// Comment is a free comment.
	Comment string `json:"comment,omitempty"`
	// Recommended marks the recommended period (list only).
	Recommended bool `json:"recommended,omitempty"`
}

// TariffScope selects extra data in [ServantTariffsService.List].
type TariffScope string

// Tariff scopes.
const (
	// ScopeValidityPeriods includes the validity periods.
	ScopeValidityPeriods TariffScope = "validity_periods"
	// ScopeIsExtension lists only tariffs of the "extension" type.
	ScopeIsExtension TariffScope = "is_extension"
	// ScopeIsPayable adds whether a tariff is payable (tariff/list, BTS).
	ScopeIsPayable TariffScope = "is_payable"
)

// String returns the wire value.
func (s TariffScope) String() string { return string(s) }

// gates returns the server versions the options need (1C's library, BTS):
// scope from 19, the is_extension scope value and available_tariffs from 23.
func (o *TariffListOptions) gates() []gate {
	if o == nil {
		return nil
	}
	var g []gate
	if len(o.Scope) > 0 {
		g = append(g, gate{19, "scope"})
	}
	for _, sc := range o.Scope {
		if sc == ScopeIsExtension {
			g = append(g, gate{23, `the "is_extension" scope`})
			break
		}
	}
	if len(o.AvailableTariffs) > 0 {
		g = append(g, gate{23, "available_tariffs"})
	}
	return g
}

// TariffListOptions filters [ServantTariffsService.List]. Scope needs a
// server of ExtAPI version 19 or later; the is_extension scope value and
// AvailableTariffs need 23 (a call the server's version cannot take is
// refused with [ErrUnsupportedVersion] before it is sent).
type TariffListOptions struct {
	// Scope selects extra data and filters.
	Scope []TariffScope `json:"scope,omitempty"`
	// AvailableTariffs keeps only these extension tariffs.
	AvailableTariffs []string `json:"available_tariffs,omitempty"`
}

type tariffResult struct {
	answer
	ServantTariff *ServantTariff `json:"servant_tariff"`
}

func (r *tariffResult) missing(body []byte) string {
	return missingObject(r.ServantTariff, "servant_tariff")
}

type tariffListResult struct {
	answer
	ServantTariff []ServantTariff `json:"servant_tariff"`
}

func (r *tariffListResult) missing(body []byte) string {
	return missingList(r.ServantTariff, body, "servant_tariff")
}

// ServantTariffRef names one servant tariff for [ServantTariffsService.Info]:
// the servant's subscriber code and the tariff's code. Both are required.
// Name the fields, so the servant code cannot be confused with the account
// the call acts for:
//
//	c.ServantTariffs.Info(ctx, 1010, servicemanager.ServantTariffRef{Servant: 1000, ID: "099"})
type ServantTariffRef struct {
	// Servant is the servant's (service organization's) subscriber code.
	Servant int64 `json:"servant"`
	// ID is the servant tariff's code ("000000021"), sent as a string.
	ID string `json:"id"`
}

// Info returns one tariff of a servant with its description and validity
// periods (account/servant_tariffs/info), acting for the subscriber account.
func (s *ServantTariffsService) Info(ctx context.Context, account int64, tariff ServantTariffRef, opts ...CallOption) (*ServantTariff, error) {
	const m = "account/servant_tariffs/info"
	if tariff.Servant <= 0 {
		return nil, fmt.Errorf("servicemanager: %s: servant %d: must be positive: %w", m, tariff.Servant, ErrInvalidArgument)
	}
	if strings.TrimSpace(tariff.ID) == "" {
		return nil, fmt.Errorf("servicemanager: %s: tariff id is empty: %w", m, ErrInvalidArgument)
	}
	var out tariffResult
	if _, err := s.c.call(ctx, m, account, tariff, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.ServantTariff, nil
}

// List returns a servant's tariffs (account/servant_tariffs/list); filter may be nil.
func (s *ServantTariffsService) List(ctx context.Context, account, servant int64, filter *TariffListOptions, opts ...CallOption) ([]ServantTariff, error) {
	const m = "account/servant_tariffs/list"
	if servant <= 0 {
		return nil, fmt.Errorf("servicemanager: %s: servant %d: %w", m, servant, ErrInvalidArgument)
	}
	if filter == nil {
		filter = &TariffListOptions{}
	}
	params := struct {
		Servant int64 `json:"servant"`
		*TariffListOptions
	}{servant, filter}
	var out tariffListResult
	if _, err := s.c.call(ctx, m, account, params, transport.RetrySafe, &out, opts, filter.gates()...); err != nil {
		return nil, err
	}
	return out.ServantTariff, nil
}
