package servicemanager

import (
	"context"
	"fmt"
	"strings"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// BillsService holds the invoice methods (bill/*). The fields come from
// 1C's own ext_api client (BTS), confirmed for bill/create and
// bill/create_subscription by the ITS page; bill/email_create is known by
// name only (see [Methods]). Money is [Amount], exact.
type BillsService struct{ c *Client }

// BillStatusName is an invoice's state (bill/info, BTS).
type BillStatusName string

// Invoice states.
const (
	BillCreated          BillStatusName = "created"
	BillWaitSending      BillStatusName = "wait_sending"
	BillWaitRegistration BillStatusName = "wait_registration"
	BillWaitPayment      BillStatusName = "wait_payment"
	BillPaid             BillStatusName = "paid"
	BillBillingError     BillStatusName = "billing_error"
)

// String returns the wire value.
func (n BillStatusName) String() string { return string(n) }

// BillStatus is an invoice's state with its explanation (bill/info only).
type BillStatus struct {
	Name        BillStatusName `json:"name"`
	Error       bool           `json:"error,omitempty"`
	Description string         `json:"description,omitempty"`
}

// BillTariff is an invoice line for a tariff.
type BillTariff struct {
	// TariffID is the provider tariff; ServantTariffID the partner's.
	TariffID        string `json:"tariff_id"`
	ServantTariffID string `json:"servant_tariff_id,omitempty"`
	// PeriodID is the validity period's code.
	PeriodID string `json:"period_id,omitempty"`
	// Amount is the quantity.
	Amount int64 `json:"amount,omitempty"`
	// Cost is the line's cost in roubles.
	Cost Amount `json:"cost,omitempty"`
	// BasisID is the subscription the line is based on.
	BasisID string `json:"basis_id,omitempty"`
}

// BillItem is an invoice line for a service.
type BillItem struct {
	Service string `json:"service"`
	Cost    Amount `json:"cost,omitempty"`
}

// BillFile is a file attached to an invoice.
type BillFile struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Bill is an invoice. bill/list fills the fields up to Comment only.
type Bill struct {
	// ID is the invoice number; BillID its identifier (a UUID).
	ID     string `json:"id,omitempty"`
	BillID string `json:"bill_id,omitempty"`
	// Created and Modified are when it was made and last changed.
	Created  DateTime `json:"created,omitempty"`
	Modified DateTime `json:"modified,omitempty"`
	// SellerID and CustomerID are the seller's and customer's subscriber codes.
	SellerID   int64 `json:"seller_id,omitempty"`
	CustomerID int64 `json:"customer_id,omitempty"`
	// TotalCost is the total in roubles.
	TotalCost Amount `json:"total_cost,omitempty"`
	// Renewal marks a renewal invoice.
	Renewal bool `json:"renewal,omitempty"`
	// PaymentLink is where it is paid.
	PaymentLink string `json:"payment_link,omitempty"`
	// Paid is true once paid.
	Paid bool `json:"paid,omitempty"`
	// AddInfo and Comment are free text.
	AddInfo string `json:"add_info,omitempty"`
	Comment string `json:"comment,omitempty"`
	// Tariffs, Services, Files and Fields are its lines, files and
	// additional requisites.
	Tariffs  []BillTariff `json:"tariffs,omitempty"`
	Services []BillItem   `json:"services,omitempty"`
	Files    []BillFile   `json:"files,omitempty"`
	Fields   []Attribute  `json:"fields,omitempty"`
	// Status is its state (bill/info only).
	Status *BillStatus `json:"status,omitempty"`
}

// NewBill is a bill/create or bill/update request: SellerID and CustomerID
// are required; empty fields are not sent. Paid and Renewal are sent only
// when set (a *bool).
type NewBill struct {
	// BillID, when set, names the invoice: create makes it with this
	// identifier, update changes it.
	BillID      string       `json:"bill_id,omitempty"`
	SellerID    int64        `json:"seller_id"`
	CustomerID  int64        `json:"customer_id"`
	Renewal     *bool        `json:"renewal,omitempty"`
	TotalCost   Amount       `json:"total_cost,omitempty"`
	PaymentLink string       `json:"payment_link,omitempty"`
	Paid        *bool        `json:"paid,omitempty"`
	AddInfo     string       `json:"add_info,omitempty"`
	Comment     string       `json:"comment,omitempty"`
	Tariffs     []BillTariff `json:"tariffs,omitempty"`
	Services    []BillItem   `json:"services,omitempty"`
	Files       []BillFile   `json:"files,omitempty"`
	Fields      []Attribute  `json:"fields,omitempty"`
}

// BillRef names an invoice by number (ID) or identifier (BillID); one of
// them is required.
type BillRef struct {
	ID     string `json:"id,omitempty"`
	BillID string `json:"bill_id,omitempty"`
}

func (r BillRef) check(method string) error {
	if strings.TrimSpace(r.ID) == "" && strings.TrimSpace(r.BillID) == "" {
		return fmt.Errorf("servicemanager: %s: the invoice's id or bill_id is required: %w", method, ErrInvalidArgument)
	}
	return nil
}

// BillFilter filters bill/list; empty fields are not sent.
type BillFilter struct {
	SellerID   int64    `json:"seller_id,omitempty"`
	CustomerID int64    `json:"customer_id,omitempty"`
	StartDate  DateTime `json:"start_date,omitempty"`
	EndDate    DateTime `json:"end_date,omitempty"`
}

type billListResult struct {
	answer
	Bill []Bill `json:"bill"`
}

func (r *billListResult) missing(body []byte) string { return missingList(r.Bill, body, "bill") }

type billResult struct {
	answer
	Bill *Bill `json:"bill"`
}

func (r *billResult) missing([]byte) string { return missingObject(r.Bill, "bill") }

// List returns invoices (bill/list; fields: BTS); f may be nil.
func (s *BillsService) List(ctx context.Context, account int64, f *BillFilter, opts ...CallOption) ([]Bill, error) {
	if f == nil {
		f = &BillFilter{}
	}
	var out billListResult
	if _, err := s.c.call(ctx, MethodBillList, account, f, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Bill, nil
}

// Info returns one invoice with its lines and state (bill/info; fields: BTS).
func (s *BillsService) Info(ctx context.Context, account int64, ref BillRef, opts ...CallOption) (*Bill, error) {
	if err := ref.check(MethodBillInfo); err != nil {
		return nil, err
	}
	var out billResult
	if _, err := s.c.call(ctx, MethodBillInfo, account, ref, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Bill, nil
}

func checkNewBill(method string, b NewBill) error {
	if b.SellerID <= 0 || b.CustomerID <= 0 {
		return fmt.Errorf("servicemanager: %s: seller_id %d and customer_id %d must be positive: %w", method, b.SellerID, b.CustomerID, ErrInvalidArgument)
	}
	return nil
}

// Create makes an invoice and returns its number and identifier
// (bill/create; fields: ITS, BTS). It is sent once: without your own BillID
// a second call would make a second invoice.
// On [ErrOutcomeUnknown], with your own BillID, [BillsService.Info] by that BillID settles
// it ([ErrNotFound]: not created); without one, look in [BillsService.List] before creating again.
func (s *BillsService) Create(ctx context.Context, account int64, b NewBill, opts ...CallOption) (*BillRef, error) {
	if err := checkNewBill(MethodBillCreate, b); err != nil {
		return nil, err
	}
	var out struct {
		answer
		BillRef
	}
	if _, err := s.c.call(ctx, MethodBillCreate, account, b, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	return &out.BillRef, nil
}

// Update changes the invoice b.BillID names (bill/update; fields: BTS; that
// the invoice is named by bill_id is inferred). It is sent once.
func (s *BillsService) Update(ctx context.Context, account int64, b NewBill, opts ...CallOption) (*BillRef, error) {
	if err := checkNewBill(MethodBillUpdate, b); err != nil {
		return nil, err
	}
	if strings.TrimSpace(b.BillID) == "" {
		return nil, fmt.Errorf("servicemanager: %s: bill_id is required: %w", MethodBillUpdate, ErrInvalidArgument)
	}
	var out struct {
		answer
		BillRef
	}
	if _, err := s.c.call(ctx, MethodBillUpdate, account, b, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	return &out.BillRef, nil
}

// UploadToken issues the address (HTTP PUT) a file of name and size bytes is
// attached to an invoice through (bill/file_token/upload; fields: BTS).
func (s *BillsService) UploadToken(ctx context.Context, account int64, ref BillRef, name string, size int64, opts ...CallOption) (*FileToken, error) {
	if err := ref.check(MethodBillFileTokenUpload); err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" || size < 0 {
		return nil, fmt.Errorf("servicemanager: %s: file name %q, size %d: %w", MethodBillFileTokenUpload, name, size, ErrInvalidArgument)
	}
	params := struct {
		BillRef
		Name string `json:"name"`
		Size int64  `json:"size"`
	}{ref, name, size}
	var out struct {
		answer
		FileToken
	}
	if _, err := s.c.call(ctx, MethodBillFileTokenUpload, account, params, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.FileToken, nil
}

// CreateSubscription makes the subscriptions a paid invoice is for, from
// start when not empty, and returns their numbers (bill/create_subscription;
// fields: ITS, BTS). It is sent once.
// On [ErrOutcomeUnknown] look for the invoice's subscriptions with [SubscriptionsService.List]
// before sending it again.
func (s *BillsService) CreateSubscription(ctx context.Context, account int64, ref BillRef, start DateTime, opts ...CallOption) ([]string, error) {
	if err := ref.check(MethodBillCreateSubscription); err != nil {
		return nil, err
	}
	params := struct {
		BillRef
		Start DateTime `json:"start,omitempty"`
	}{ref, start}
	var out struct {
		answer
		Subscription []struct {
			ID string `json:"id"`
		} `json:"subscription"`
	}
	if _, err := s.c.call(ctx, MethodBillCreateSubscription, account, params, transport.RetryNever, &out, opts); err != nil {
		return nil, err
	}
	ids := make([]string, len(out.Subscription))
	for i, sub := range out.Subscription {
		ids[i] = sub.ID
	}
	return ids, nil
}
