package aeza

import (
	"context"
	"encoding/json"
	"strings"
)

// AccountInterface is the account's display settings.
type AccountInterface struct {
	Lang Text `json:"lang"`
	// Currency is the display currency, not the ledger's (see
	// [AccountDetails.Currency]).
	Currency Text `json:"currency"`
	Theme    Text `json:"theme"`
}

// AccountProfile is the account holder's profile.
type AccountProfile struct {
	Name  Text     `json:"name"`
	Names []string `json:"names"`
	Phone Text     `json:"phone"`
	// Type is "legal", "person" or "" (null).
	Type           Text `json:"type"`
	PhoneConfirmed bool `json:"phoneConfirmed"`
}

// AccountDetails is the account with its balances in minor units and its
// ledger currency ([AccountService.Me]).
type AccountDetails struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Photo Text   `json:"photo"`
	// Balance, WithdrawBalance (the referral balance), TotalReplenished
	// and BonusBalance are in minor units of Currency.
	Balance          Minor `json:"balance"`
	WithdrawBalance  Minor `json:"withdrawBalance"`
	TotalReplenished Minor `json:"totalReplenished"`
	BonusBalance     Minor `json:"bonusBalance"`
	// PermittedDebt is how far the balance may go below zero; its unit is
	// inferred (minor units), so it is kept as an exact decimal as sent.
	PermittedDebt     Decimal `json:"permittedDebt"`
	ReferrerProgramID *int64  `json:"referrerProgramId"`
	// BonusState is "not_used", "locked" or "unlocked" (others kept).
	BonusState Text             `json:"bonusState"`
	TFAEnabled bool             `json:"tfaEnabled"`
	Interface  AccountInterface `json:"interface"`
	// Legal is the company's details (name, inn, kpp, ...) as sent, null
	// for a person.
	Legal   json.RawMessage `json:"legal,omitempty"`
	Profile AccountProfile  `json:"profile"`
	Roles   []string        `json:"roles"`
	// Region is "global" or "ru" (others kept).
	Region Text `json:"region"`
	// Currency is the ledger currency as Aeza names it ("eur", in any
	// case): every Minor amount of the account is in it. See
	// [AccountDetails.LedgerCurrency].
	Currency Text `json:"currency"`
}

// LedgerCurrency returns Currency upper-cased ("EUR"), "" when not sent.
func (a *AccountDetails) LedgerCurrency() string {
	return strings.ToUpper(strings.TrimSpace(string(a.Currency)))
}

// Me returns the current account with its balances in minor units and its
// ledger currency (GET v2/accounts/me). Prefer it to
// [AccountService.Current] for money: it names the currency every amount is
// in, and its amounts have a settled unit. A read, retried.
func (s *AccountService) Me(ctx context.Context, opts ...CallOption) (*AccountDetails, error) {
	return v2Get[AccountDetails](ctx, s.c, v2Read("accounts/me", "account.me", nil, opts))
}
