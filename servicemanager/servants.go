package servicemanager

import (
	"context"
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// ServantsService holds the methods on a subscriber's servants (service
// organizations, account/servants/*).
type ServantsService struct{ c *Client }

// Servant is a service organization serving a subscriber.
type Servant struct {
	// Name is the servant's name.
	Name string `json:"name,omitempty"`
	// ID is the servant's subscriber code.
	ID int64 `json:"id"`
	// ServantID is the servant's "Identifier" requisite ("00000").
	ServantID string `json:"servant_id,omitempty"`
	// City, Site, Email and Phone come from the contact information.
	City  string `json:"city,omitempty"`
	Site  string `json:"site,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	// TariffSubscribeAllowed: the servant may subscribe to tariffs.
	TariffSubscribeAllowed bool `json:"tariff_subscribe_allowed"`
	// AutomaticBillingAllowed: the servant may bill automatically.
	AutomaticBillingAllowed bool `json:"automatic_billing_allowed"`
	// TariffOverrideAllowed: the servant may override the provider's tariffs.
	TariffOverrideAllowed bool `json:"tariff_override_allowed"`
	// TariffSelectionPageOnly: show only the servant's own tariff selection page.
	TariffSelectionPageOnly bool `json:"tariff_selection_page_only"`
}

type servantListResult struct {
	answer
	Servants []Servant `json:"servants"`
}

func (r *servantListResult) missing(body []byte) string {
	return missingList(r.Servants, body, "servants")
}

// List returns the subscriber's servants (account/servants/list).
func (s *ServantsService) List(ctx context.Context, account int64, opts ...CallOption) ([]Servant, error) {
	var out servantListResult
	if _, err := s.c.call(ctx, "account/servants/list", account, idParams{ID: account}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Servants, nil
}

// TariffSelectionPage returns the HTML of the servant's tariff selection page
// for the current showcase (account/servants/tariff_selection_page).
func (s *ServantsService) TariffSelectionPage(ctx context.Context, account, servant int64, opts ...CallOption) (string, error) {
	const m = "account/servants/tariff_selection_page"
	if servant <= 0 {
		return "", fmt.Errorf("servicemanager: %s: servant %d: %w", m, servant, ErrInvalidArgument)
	}
	params := struct {
		Servant int64 `json:"servant"`
	}{servant}
	var out struct {
		answer
		HTML string `json:"html"`
	}
	if _, err := s.c.call(ctx, m, account, params, transport.RetrySafe, &out, opts); err != nil {
		return "", err
	}
	return out.HTML, nil
}

// RecommendedTariff pairs a provider tariff with the servant tariff a
// servant recommends for it.
type RecommendedTariff struct {
	ProviderTariffID string `json:"provider_tariff_id"`
	ServantTariffID  string `json:"servant_tariff_id"`
}

// RecommendedTariffs returns the tariffs a servant recommends
// (account/servants/recommended_tariffs; fields: BTS).
func (s *ServantsService) RecommendedTariffs(ctx context.Context, account, servant int64, opts ...CallOption) ([]RecommendedTariff, error) {
	const m = MethodServantsRecommendedTariffs
	if servant <= 0 {
		return nil, fmt.Errorf("servicemanager: %s: servant %d: %w", m, servant, ErrInvalidArgument)
	}
	params := struct {
		Servant int64 `json:"servant"`
	}{servant}
	var out struct {
		answer
		RecommendedTariffs []RecommendedTariff `json:"recommended_tariffs"`
	}
	if _, err := s.c.call(ctx, m, account, params, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.RecommendedTariffs, nil
}
