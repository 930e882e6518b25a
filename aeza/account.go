package aeza

import (
	"context"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// AccountService reads the current account.
type AccountService struct{ c *Client }

// Account is an Aeza account. Amounts are minor units of the account's
// currency, as sent (see the package documentation, Money and units).
type Account struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	// Balance is the balance in minor units (cents on aeza.net), as sent.
	Balance      Decimal `json:"balance"`
	BonusBalance Decimal `json:"bonusBalance"`
	BonusUsed    Decimal `json:"bonusUsed"`
	// Currency is the account's (ledger) currency as Aeza names it ("eur",
	// in any case), when the answer carries one: the v2 account does; the
	// legacy one has not been seen with it, and then it is "". It is never
	// guessed from the host.
	Currency        string    `json:"currency,omitempty"`
	BonusState      string    `json:"bonusState,omitempty"`
	CreatedAt       Timestamp `json:"createdAt"`
	IsSupportLocked bool      `json:"isSupportLocked"`
	IsOnline        bool      `json:"isOnline"`
}

// Current returns the account the API key belongs to
// (GET accounts?current=1&extra=1).
func (s *AccountService) Current(ctx context.Context, opts ...CallOption) (*Account, error) {
	q := &ListOptions{Current: true, Extra: true}
	return getOne[Account](ctx, s.c, &transport.Request{Method: http.MethodGet, Path: "accounts", Query: q,
		Operation: "account.current", Options: opts})
}

// UnmarshalJSON decodes an account tolerantly: its amounts and flags are
// known from one public client's code (GOSDK declares the balance a float),
// so a member of an unexpected JSON type reads as zero rather than failing
// the answer. Only an id that is not an integer fails.
func (a *Account) UnmarshalJSON(b []byte) error {
	type plain Account
	*a = Account{}
	return unmarshalEntity(b, (*plain)(a))
}
