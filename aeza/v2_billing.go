package aeza

import (
	"context"
	"encoding/json"
	"iter"
)

// BillingInvoice is the invoice behind a top-up transaction.
type BillingInvoice struct {
	ID       int64 `json:"id"`
	FlowType Text  `json:"flowType"`
	Status   Text  `json:"status"`
}

// LedgerEntry is a movement on the account's ledger (GET
// v2/billing/transactions): an order, a prolongation, a top-up, a refund.
type LedgerEntry struct {
	ID int64 `json:"id"`
	// Amount is signed, in minor units of the account's currency:
	// negative for a debit.
	Amount Minor `json:"amount"`
	// BonusAmount is the part paid from the bonus balance, in minor units.
	BonusAmount Minor `json:"bonusAmount"`
	// Status is as sent ("performed"; "pending", "failed", ... are read by
	// clients).
	Status Text `json:"status"`
	// Type is as sent ("prolong", "order", "refund", "replenishment", ...).
	Type        Text      `json:"type"`
	PerformedAt Timestamp `json:"performedAt"`
	CreatedAt   Timestamp `json:"createdAt"`
	// ServiceID is the service it concerns, 0 when none (sent as a number
	// or a numeric string).
	ServiceID int64           `json:"serviceId"`
	InvoiceID *int64          `json:"invoiceId"`
	Invoice   *BillingInvoice `json:"invoice"`
	// Payload is kept as sent.
	Payload json.RawMessage `json:"payload,omitempty"`
}

// UnmarshalJSON reads serviceId as a number or a numeric string.
func (e *LedgerEntry) UnmarshalJSON(b []byte) error {
	type plain LedgerEntry
	var v struct {
		plain
		ServiceID flexInt `json:"serviceId"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*e = LedgerEntry(v.plain)
	e.ServiceID = int64(v.ServiceID)
	return nil
}

// BillingService reads the account's ledger.
type BillingService struct{ c *Client }

// Transactions returns one page of the ledger (GET v2/billing/transactions);
// filter by service with PageOptions{Filter: Filter{Eq("serviceId", id)}}
// and sort with SortClause(Desc("id")). Amounts are minor units. A read,
// retried.
func (s *BillingService) Transactions(ctx context.Context, page *PageOptions, opts ...CallOption) (*List[LedgerEntry], error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[LedgerEntry](ctx, s.c, v2Read("billing/transactions", "billing.transactions", page, opts))
}

// AllTransactions iterates over the whole ledger.
func (s *BillingService) AllTransactions(ctx context.Context, page *PageOptions, opts ...CallOption) iter.Seq2[LedgerEntry, error] {
	return v2All[LedgerEntry](ctx, s.c, "billing/transactions", "billing.transactions", page, opts)
}
