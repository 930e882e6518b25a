package servicemanager

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// TariffsService holds the provider tariff methods (tariff/*). The fields
// come from 1C's own ext_api client (BTS); no ITS page was found. A
// partner's own tariffs are [ServantTariffsService].
type TariffsService struct{ c *Client }

// Tariff is a provider tariff. tariff/info adds Condition, Services,
// Extensions, Applications and NotificationPeriods, and gives
// DescriptionForSubscribers as HTML with images.
type Tariff struct {
	// ID is the tariff code ("000000001").
	ID string `json:"id"`
	// Name is its name.
	Name string `json:"name"`
	// Description describes it.
	Description string `json:"description,omitempty"`
	// DescriptionForSubscribers is the description shown to subscribers
	// (text in lists, HTML with images from tariff/info).
	DescriptionForSubscribers *TariffDescription `json:"description_for_subscribers,omitempty"`
	// Start and Expiration bound when it is sold.
	Start      DateTime `json:"start,omitempty"`
	Expiration DateTime `json:"expiration,omitempty"`
	// ProlongationValidity, ExtensionValidity and ProlongationDuring are
	// the terms of prolonging and extending (numbers as sent).
	ProlongationValidity json.Number `json:"prolongation_validity,omitempty"`
	ExtensionValidity    json.Number `json:"extension_validity,omitempty"`
	ProlongationDuring   json.Number `json:"prolongation_during,omitempty"`
	// IsExtension, IsPayable, IsTrial, HasCondition and PaymentByPeriods
	// are the tariff's flags.
	IsExtension      bool `json:"is_extension,omitempty"`
	IsPayable        bool `json:"is_payable,omitempty"`
	IsTrial          bool `json:"is_trial,omitempty"`
	HasCondition     bool `json:"has_condition,omitempty"`
	PaymentByPeriods bool `json:"payment_by_periods,omitempty"`
	// PeriodsFrequency is the code of the payment periods' frequency.
	PeriodsFrequency string `json:"periods_frequency,omitempty"`
	// ValidityPeriods are the periods it is sold for.
	ValidityPeriods []ValidityPeriod `json:"validity_periods,omitempty"`
	// Condition is the tariff's condition (tariff/info; its type is not
	// documented, so it is kept as sent).
	Condition json.RawMessage `json:"condition,omitempty"`
	// Services are the services it includes (tariff/info).
	Services []TariffItem `json:"services,omitempty"`
	// Extensions are the extensions it allows (tariff/info).
	Extensions []NamedRef `json:"extensions,omitempty"`
	// Applications are the configurations it covers (tariff/info).
	Applications []TariffApplication `json:"applications,omitempty"`
	// NotificationPeriods say how many days ahead subscribers are told the
	// end is near (tariff/info).
	NotificationPeriods []NotificationPeriod `json:"notification_periods,omitempty"`
}

// TariffItem is a service a tariff includes.
type TariffItem struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Type is the service's type (values not documented).
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	// Amount and ExtendAmount are quantities, as sent.
	Amount       json.Number `json:"amount,omitempty"`
	ExtendAmount json.Number `json:"extend_amount,omitempty"`
	// ProviderID and ProviderName name the service's provider.
	ProviderID   string `json:"provider_id,omitempty"`
	ProviderName string `json:"provider_name,omitempty"`
}

// NamedRef is an id and a name (a tariff's extensions).
type NamedRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// TariffApplication is a configuration a tariff covers.
type TariffApplication struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// NotificationPeriod is how many days before the end subscribers are told.
type NotificationPeriod struct {
	DaysQuantity int `json:"days_quantity"`
}

// UnmarshalJSON accepts the description as an object ({html, images}, from
// tariff/info and account/servant_tariffs/info) or as plain text (tariff/list),
// which becomes HTML.
func (d *TariffDescription) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		*d = TariffDescription{}
		return json.Unmarshal(t, &d.HTML)
	}
	type plain TariffDescription
	return json.Unmarshal(b, (*plain)(d))
}

// TariffFilter filters tariff/list. Scope needs ExtAPI version 19; the
// is_extension scope value and AvailableTariffs need 23.
type TariffFilter struct {
	// Name keeps tariffs whose name contains it.
	Name string `json:"name,omitempty"`
	// Scope selects extra data ("validity_periods", "is_payable",
	// "is_extension").
	Scope []TariffScope `json:"scope,omitempty"`
	// AvailableTariffs keeps only these extension tariffs.
	AvailableTariffs []string `json:"available_tariffs,omitempty"`
}

type providerTariffListResult struct {
	answer
	Tariff []Tariff `json:"tariff"`
}

func (r *providerTariffListResult) missing(body []byte) string {
	return missingList(r.Tariff, body, "tariff")
}

type providerTariffResult struct {
	answer
	Tariff *Tariff `json:"tariff"`
}

func (r *providerTariffResult) missing([]byte) string { return missingObject(r.Tariff, "tariff") }

// List returns the provider's tariffs (tariff/list; fields: BTS); f may be nil.
func (s *TariffsService) List(ctx context.Context, account int64, f *TariffFilter, opts ...CallOption) ([]Tariff, error) {
	if f == nil {
		f = &TariffFilter{}
	}
	gates := (&TariffListOptions{Scope: f.Scope, AvailableTariffs: f.AvailableTariffs}).gates()
	var out providerTariffListResult
	if _, err := s.c.call(ctx, MethodTariffList, account, f, transport.RetrySafe, &out, opts, gates...); err != nil {
		return nil, err
	}
	return out.Tariff, nil
}

// Info returns one tariff with its services, extensions and applications
// (tariff/info; fields: BTS).
func (s *TariffsService) Info(ctx context.Context, account int64, id string, opts ...CallOption) (*Tariff, error) {
	if err := checkCode(MethodTariffInfo, "tariff code", id); err != nil {
		return nil, err
	}
	var out providerTariffResult
	if _, err := s.c.call(ctx, MethodTariffInfo, account, codeParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Tariff, nil
}
