package servicemanager_test

import (
	"errors"
	"time"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

func isSMError(err error, e **sm.Error) bool { return errors.As(err, e) }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
