package aeza

import (
	"context"
	"iter"
	"net/http"
)

// Notification is a message to the account.
type Notification struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	IsRead    bool      `json:"isRead"`
	CreatedAt Timestamp `json:"createdAt"`
}

// NotificationsService reads the account's notifications.
type NotificationsService struct{ c *Client }

// List returns one page of notifications (GET v2/notifications). A read, retried.
func (s *NotificationsService) List(ctx context.Context, page *PageOptions, opts ...CallOption) (*List[Notification], error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[Notification](ctx, s.c, v2Read("notifications", "notifications.list", page, opts))
}

// All iterates over every notification.
func (s *NotificationsService) All(ctx context.Context, page *PageOptions, opts ...CallOption) iter.Seq2[Notification, error] {
	return v2All[Notification](ctx, s.c, "notifications", "notifications.list", page, opts)
}

func notificationPath(id int64, suffix string) (string, error) {
	s, err := pathID("notification id", id)
	if err != nil {
		return "", err
	}
	return "notifications/" + s + suffix, nil
}

// Get returns one notification (GET v2/notifications/{id}). A read, retried.
func (s *NotificationsService) Get(ctx context.Context, id int64, opts ...CallOption) (*Notification, error) {
	p, err := notificationPath(id, "")
	if err != nil {
		return nil, err
	}
	return v2Get[Notification](ctx, s.c, v2Read(p, "notifications.get", nil, opts))
}

// MarkRead marks one notification read (POST v2/notifications/{id}/read).
// Sent once.
func (s *NotificationsService) MarkRead(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := notificationPath(id, "/read")
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodPost, p, "notifications.markRead", nil, opts), nil, false)
}

// MarkAllRead marks every notification read (POST v2/notifications/read).
// Sent once.
func (s *NotificationsService) MarkAllRead(ctx context.Context, opts ...CallOption) error {
	return s.c.v2Do(ctx, v2Change(http.MethodPost, "notifications/read", "notifications.markAllRead", nil, opts), nil, false)
}
