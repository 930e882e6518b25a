package ati

import (
	"context"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// BillingService reads the billing balance.
type BillingService struct{ c *Client }

// Balance is a wallet balance (GET /v1.0/balance).
type Balance struct {
	// Balance is the amount in atis, ATI's internal currency, exactly as ATI
	// sent it (a double upstream; see [Decimal]).
	Balance Decimal `json:"balance"`
	// ContactID is the contact.
	ContactID int32 `json:"contactId"`
	// DepartmentID is the department.
	DepartmentID int32 `json:"departmentId"`
	// FirmID is the firm.
	FirmID int32 `json:"firmId"`
	// IsCommonWallet is true for the firm's common wallet.
	IsCommonWallet bool `json:"isCommonWallet"`
	// OperationsForbidden is true when the wallet may not spend.
	OperationsForbidden bool `json:"operationsForbidden"`
	// WalletID is the wallet.
	WalletID int32 `json:"walletId"`
	// IsDepartmentWallet is true for a department wallet (read-only flag).
	IsDepartmentWallet bool `json:"isDepartmentWallet"`
	// IsPersonalWallet is true for a personal wallet (read-only flag).
	IsPersonalWallet bool `json:"isPersonalWallet"`
}

// Balance returns the contact's balance: the personal wallet if there is
// one, else the common one.
func (s *BillingService) Balance(ctx context.Context, opts ...CallOption) (*Balance, error) {
	var b Balance
	if err := s.c.call(ctx, &transport.Request{Options: opts, Method: http.MethodGet, Path: "v1.0/balance", Operation: "billing.balance"}, &b); err != nil {
		return nil, err
	}
	return &b, nil
}
