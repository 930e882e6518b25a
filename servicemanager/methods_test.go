package servicemanager_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/fixture"
	sm "github.com/ruapi/ruapi-go/servicemanager"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

// groupCase is one typed method of the groups beyond account/*: the fixture
// of its exchange, the call, and what it must return.
type groupCase struct {
	fixture string
	call    func(ctx context.Context, c *sm.Client) (any, error)
	check   func(t *testing.T, got any)
}

func ptr[T any](v T) *T { return &v }

var testSub = sm.Subscription{ID: "000000101", Created: "2024-01-15T10:00:00", Start: "2024-02-01T00:00:00",
	Completion: "2025-01-31T23:59:59", Account: 1010, Servant: 1000, ServantTariff: "000000021", Tariff: "000000005",
	Period: "1YR", Type: "basic", Bill: "000000007", BillID: "0f8fad5b-d9cb-469f-a165-70867728950e"}

var testTenant = sm.Tenant{ID: 12345, Name: "Бухгалтерия", Owner: 1010, Application: "buh", AppVersion: "3.0.150.20",
	AppName: "Бухгалтерия предприятия", Status: sm.TenantUsed, URL: "https://1cfresh.com/a/ea/12345", Timezone: "Europe/Moscow"}

func groupCases() []groupCase {
	return []groupCase{
		{"customers_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Customers.List(ctx, 1000) },
			func(t *testing.T, got any) {
				l := got.([]sm.Customer)
				require.Len(t, l, 2)
				assert.Equal(t, sm.Customer{ID: 1010, Name: "ООО Ромашка", Email: "info@example.com", PublicID: "6d0bd2d3-4f0a-11ee-8c99-0242ac120002"}, l[0])
			}},
		{"customers_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Customers.Info(ctx, 1000, 1010) },
			func(t *testing.T, got any) {
				assert.Equal(t, &sm.Customer{ID: 1010, Name: "ООО Ромашка", Email: "info@example.com", PublicID: "6d0bd2d3-4f0a-11ee-8c99-0242ac120002",
					Site: "www.example.com", City: "Москва", Phone: "+7 (495) 123-45-67"}, got)
			}},
		{"customers_attached_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Customers.AttachedInfo(ctx, 1000, 1010) },
			func(t *testing.T, got any) {
				ai := got.(*sm.AttachedInfo)
				assert.Equal(t, "6d0bd2d3-4f0a-11ee-8c99-0242ac120002", ai.PublicID)
				require.Len(t, ai.Fields, 1)
				assert.Equal(t, "ИНН", ai.Fields[0].Name)
				assert.Equal(t, "7700000000", ai.Fields[0].Value.String())
				n, ok := ai.Properties[0].Value.Int64()
				assert.True(t, ok)
				assert.Equal(t, int64(42), n)
			}},
		{"customers_update_attached_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.Customers.UpdateAttachedInfo(ctx, 1000, 1010, sm.AttachedInfo{PublicID: "6d0bd2d3-4f0a-11ee-8c99-0242ac120002",
				Fields: []sm.Attribute{{Key: "ИНН", Type: "string", Value: sm.StringValue("7700000001")}}})
		}, nil},
		{"attached_info_for_subscribing", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Customers.AttachedInfoForSubscribing(ctx, 1000, 1010)
		}, func(t *testing.T, got any) {
			si := got.(*sm.SubscribingInfo)
			assert.True(t, si.Errors)
			require.Len(t, si.Fields, 1)
			f := si.Fields[0]
			assert.Equal(t, "ИНН", f.Key)
			assert.True(t, f.Required)
			assert.True(t, f.Error)
			assert.Equal(t, "10 или 12 цифр", f.Tooltip)
			assert.Equal(t, "Не заполнено", f.Message)
			assert.Empty(t, si.Properties)
		}},
		{"customer_subscriptions_list", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.CustomerSubscriptions.List(ctx, 1000, 1010, &sm.SubscriptionFilter{Active: ptr(true)})
		}, func(t *testing.T, got any) {
			l := got.([]sm.Subscription)
			require.Len(t, l, 1)
			assert.Equal(t, testSub, l[0])
			assert.Equal(t, int64(1), l[0].Quantity(), "0 is read as 1")
			tm, ok := l[0].Completion.Time(nil)
			assert.True(t, ok)
			assert.Equal(t, 2025, tm.Year())
		}},
		{"customer_subscriptions_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.CustomerSubscriptions.Info(ctx, 1000, "000000101")
		}, func(t *testing.T, got any) { assert.Equal(t, &testSub, got) }},
		{"customer_subscriptions_create", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.CustomerSubscriptions.Create(ctx, 1000, sm.NewCustomerSubscription{Account: 1010, ServantTariff: "000000021",
				Tariff: "000000005", Period: "1YR", Start: "2024-02-01T00:00:00"})
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.CreatedSubscription{ID: "000000102", Completion: "2025-01-31T23:59:59"}, got)
		}},
		{"customer_subscriptions_create_enhanced", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.CustomerSubscriptions.CreateEnhanced(ctx, 1000, sm.NewCustomerSubscription{Account: 1010, Tariff: "000000009", Period: "1YR"}, "000000101", 3)
		}, func(t *testing.T, got any) {
			assert.Equal(t, []sm.CreatedSubscription{{ID: "000000103", Completion: "2025-01-31T23:59:59"}}, got)
		}},
		{"servants_recommended_tariffs", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Servants.RecommendedTariffs(ctx, 1010, 1000)
		}, func(t *testing.T, got any) {
			assert.Equal(t, []sm.RecommendedTariff{{ProviderTariffID: "000000005", ServantTariffID: "000000021"}}, got)
		}},
		{"attached_info_values", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Accounts.AttachedInfoValues(ctx, "ОтрасльАбонента")
		}, func(t *testing.T, got any) {
			assert.Equal(t, []sm.AttachedValue{{Name: "Торговля", Weight: "10.5"}, {Name: "Производство", Weight: "2"}}, got)
		}},
		{"subscription_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Subscriptions.Info(ctx, 1010, "000000101")
		},
			func(t *testing.T, got any) { assert.Equal(t, &testSub, got) }},
		{"subscription_list", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Subscriptions.List(ctx, 1010, &sm.SubscriptionFilter{Basic: ptr(true), StartDate: "2024-01-01T00:00:00"})
		}, func(t *testing.T, got any) { assert.Equal(t, []sm.Subscription{testSub}, got) }},
		{"tenant_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tenants.List(ctx, 1010) },
			func(t *testing.T, got any) { assert.Equal(t, []sm.Tenant{testTenant}, got) }},
		{"tenant_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tenants.Info(ctx, 1010, 12345) },
			func(t *testing.T, got any) { assert.Equal(t, &testTenant, got) }},
		{"tenant_account", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tenants.Account(ctx, 1010, 12345) },
			func(t *testing.T, got any) {
				assert.Equal(t, &sm.Account{ID: 1010, Name: "ООО Ромашка", Role: sm.RoleOwner}, got)
			}},
		{"tenant_create", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Tenants.Create(ctx, 1010, sm.NewTenant{Application: "buh", Name: "Бухгалтерия", Timezone: "Europe/Moscow"})
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.TenantCreation{Tenant: sm.Tenant{ID: 12346, Status: "new", URL: "https://1cfresh.com/a/ea/12346"}, Pending: true}, got)
		}},
		{"tenant_users_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tenants.Users(ctx, 1010, 12345) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.TenantUser{{Login: "Abramov", Role: "administrator"}}, got)
			}},
		{"tenant_users_add", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.Tenants.AddUser(ctx, 1010, 12345, "Petrova", "user")
		}, nil},
		{"tenant_users_delete", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.Tenants.DeleteUser(ctx, 1010, 12345, "Petrova")
		}, nil},
		{"tenant_backup_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tenants.Backups(ctx, 1010, 12345) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.Backup{{ID: "5f0c3a1e-8b7d-4c2a-9e11-2b3c4d5e6f70", Timestamp: "2024-03-01T02:00:00"}}, got)
			}},
		{"session_check_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Sessions.CheckList(ctx, 1010, "r-1") },
			func(t *testing.T, got any) {
				assert.Equal(t, &sm.SessionListState{Ready: true, ReadyTime: "2024-03-01T09:15:00"}, got)
			}},
		{"session_terminate", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.Sessions.Terminate(ctx, 1010, 12345, []int64{7, 8})
		}, nil},
		{"backup_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Backups.List(ctx, 1010) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.Backup{{ID: "5f0c3a1e-8b7d-4c2a-9e11-2b3c4d5e6f70", Tenant: 12345, Timestamp: "2024-03-01T02:00:00", AppVersion: "3.0.150.20"}}, got)
			}},
		{"backup_file_token_download", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Backups.DownloadToken(ctx, 1010, "5f0c3a1e-8b7d-4c2a-9e11-2b3c4d5e6f70")
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.FileToken{Token: "tok-not-real", URL: "https://1cfresh.com/files/download?token=tok-not-real"}, got)
		}},
		{"tariff_list", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Tariffs.List(ctx, 1010, &sm.TariffFilter{Name: "Бухгалтерия", Scope: []sm.TariffScope{sm.ScopeValidityPeriods, sm.ScopeIsPayable}})
		}, func(t *testing.T, got any) {
			l := got.([]sm.Tariff)
			require.Len(t, l, 1)
			tr := l[0]
			assert.Equal(t, "000000005", tr.ID)
			assert.Equal(t, &sm.TariffDescription{HTML: "Для небольших компаний"}, tr.DescriptionForSubscribers, "text in lists")
			assert.True(t, tr.IsPayable)
			assert.Equal(t, "30", tr.ProlongationValidity.String())
			require.Len(t, tr.ValidityPeriods, 1)
			assert.Equal(t, sm.Amount("8040.5"), tr.ValidityPeriods[0].Cost)
			assert.Equal(t, sm.PeriodYear, tr.ValidityPeriods[0].Period)
		}},
		{"tariff_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tariffs.Info(ctx, 1010, "000000005") },
			func(t *testing.T, got any) {
				tr := got.(*sm.Tariff)
				assert.Equal(t, "<p>Для небольших компаний</p>", tr.DescriptionForSubscribers.HTML)
				assert.Equal(t, []sm.NamedRef{{ID: "000000009", Name: "Доп. пользователи"}}, tr.Extensions)
				assert.Equal(t, []sm.NotificationPeriod{{DaysQuantity: 14}}, tr.NotificationPeriods)
				require.Len(t, tr.Services, 1)
				assert.Equal(t, "1С", tr.Services[0].ProviderName)
				assert.Equal(t, "buh", tr.Applications[0].ID)
				assert.JSONEq(t, `""`, string(tr.Condition))
			}},
		{"bill_list", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.List(ctx, 1000, &sm.BillFilter{SellerID: 1000, StartDate: "2024-01-01T00:00:00"})
		}, func(t *testing.T, got any) {
			l := got.([]sm.Bill)
			require.Len(t, l, 1)
			assert.Equal(t, sm.Amount("8040.5"), l[0].TotalCost)
			k, err := l[0].TotalCost.Kopecks()
			require.NoError(t, err)
			assert.Equal(t, int64(804050), k)
			assert.Equal(t, "за год", l[0].Comment)
		}},
		{"bill_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.Info(ctx, 1000, sm.BillRef{ID: "000000007"})
		}, func(t *testing.T, got any) {
			b := got.(*sm.Bill)
			assert.Equal(t, &sm.BillStatus{Name: sm.BillWaitPayment, Description: "Ожидает оплаты"}, b.Status)
			assert.Equal(t, []sm.BillTariff{{TariffID: "000000005", ServantTariffID: "000000021", PeriodID: "1YR", Amount: 1, Cost: "8040.5"}}, b.Tariffs)
			assert.Equal(t, []sm.BillItem{{Service: "Настройка", Cost: "0"}}, b.Services)
			assert.Equal(t, []sm.BillFile{{ID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", Name: "счет.pdf"}}, b.Files)
			assert.Equal(t, "Д-7", b.Fields[0].Value.String())
		}},
		{"bill_create", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.Create(ctx, 1000, sm.NewBill{SellerID: 1000, CustomerID: 1010, TotalCost: "8040.5", Paid: ptr(false),
				Tariffs: []sm.BillTariff{{TariffID: "000000005", PeriodID: "1YR", Amount: 1, Cost: "8040.5"}}})
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.BillRef{ID: "000000008", BillID: "9a1b2c3d-0000-4000-8000-000000000008"}, got)
		}},
		{"bill_update", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.Update(ctx, 1000, sm.NewBill{BillID: "9a1b2c3d-0000-4000-8000-000000000008", SellerID: 1000, CustomerID: 1010, Paid: ptr(true)})
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.BillRef{ID: "000000008", BillID: "9a1b2c3d-0000-4000-8000-000000000008"}, got)
		}},
		{"bill_file_token_upload", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.UploadToken(ctx, 1000, sm.BillRef{ID: "000000008"}, "счет.pdf", 20480)
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.FileToken{ID: "000000008", BillID: "9a1b2c3d-0000-4000-8000-000000000008", Direction: "upload",
				Token: "up-token-not-real", URL: "https://1cfresh.com/files/upload?token=up-token-not-real"}, got)
		}},
		{"bill_create_subscription", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Bills.CreateSubscription(ctx, 1000, sm.BillRef{BillID: "9a1b2c3d-0000-4000-8000-000000000008"}, "2024-02-01T00:00:00")
		}, func(t *testing.T, got any) { assert.Equal(t, []string{"000000104"}, got) }},
		{"task_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Tasks.List(ctx, 1010) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.Task{{ID: "8e4f2a7c1b3d4e5f6a7b8c9d0e1f2a3b", Name: "Доступ поддержки к копии", Created: "2024-03-01T09:00:00", Author: "Поддержка 1С"}}, got)
			}},
		{"task_info", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.Tasks.Info(ctx, 1010, "8e4f2a7c1b3d4e5f6a7b8c9d0e1f2a3b")
		},
			func(t *testing.T, got any) {
				assert.Equal(t, &sm.TaskInfo{Type: "backup_access", Author: "Поддержка 1С", Description: "Предоставить доступ к резервной копии",
					Tenant: "12345", Subscriber: "1010", BackupType: "existing"}, got)
			}},
		{"task_execute", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.Tasks.Execute(ctx, 1010, sm.TaskDecision{ID: "8e4f2a7c1b3d4e5f6a7b8c9d0e1f2a3b", Result: true,
				DateAccess: "2024-03-08T00:00:00", BackupID: "5f0c3a1e-8b7d-4c2a-9e11-2b3c4d5e6f70", BackupExisting: true})
		}, nil},
		{"application_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.Applications.List(ctx, 1010) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.Application{{ID: "000000001", Name: "Бухгалтерия предприятия", SysName: "Accounting", Account: 1010}}, got)
			}},
		{"promo_code_activate", func(ctx context.Context, c *sm.Client) (any, error) {
			return nil, c.PromoCodes.Activate(ctx, 1010, "SPRING-24", "site")
		}, nil},
		{"accounting_system_list", func(ctx context.Context, c *sm.Client) (any, error) { return c.AccountingSystems.List(ctx, 1000) },
			func(t *testing.T, got any) {
				assert.Equal(t, []sm.AccountingSystem{{ID: 3, Name: "Биллинг партнера", OwnerID: 1000, Import: true, ImportLogin: "imp", Export: true,
					ExportURL: "https://billing.example.com/in", ExportLogin: "exp"}}, got)
			}},
		{"accounting_system_info", func(ctx context.Context, c *sm.Client) (any, error) { return c.AccountingSystems.Info(ctx, 1000, 3) },
			func(t *testing.T, got any) {
				a := got.(*sm.AccountingSystem)
				assert.Equal(t, "Обмен счетами", a.Description)
				assert.Equal(t, []sm.ExportRule{{RuleID: "1", RuleLineID: "2b1f6a0e-5c3d-4b2a-9f8e-7d6c5b4a3f21", ConditionID: "c1",
					URL: "https://billing.example.com/in", FastSending: "true", ScheduledExport: "false", ProviderSelection: "all"}}, a.ExportRules)
				assert.Equal(t, []sm.ImportRule{{RuleID: "2", URL: "https://billing.example.com/out"}}, a.ImportRules, "a number id keeps its text")
				assert.Equal(t, []int64{200, 201}, a.ResponseProcessingRules[0].ResponseCodes)
			}},
		{"accounting_system_create_update_billing", func(ctx context.Context, c *sm.Client) (any, error) {
			return c.AccountingSystems.CreateUpdateBilling(ctx, 1000, sm.BillingSettings{ImportLogin: "imp", ExportURL: "https://billing.example.com/in",
				ExportLogin: "exp", ExportPassword: "exp-password-not-real"})
		}, func(t *testing.T, got any) {
			assert.Equal(t, &sm.AccountingSystem{ID: 4, Name: "Биллинг партнера"}, got)
		}},
	}
}

// Every typed method of the groups, in the body form (the method in the
// general block): the exact envelope of its fixture, and the decoded answer.
func TestGroupsBodyForm(t *testing.T) {
	for _, tc := range groupCases() {
		t.Run(tc.fixture, func(t *testing.T) {
			c := replay(t, []sm.Option{sm.WithServerVersion(23)}, tc.fixture)
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// urlFormServer serves one fixture in the URL form of version 19 and later:
// the request must go to /execute/usr/{method} with the fixture's body less
// its general block.
func urlFormServer(t *testing.T, name string) *httptest.Server {
	t.Helper()
	fx, err := fixture.Load("testdata/" + name + ".json")
	require.NoError(t, err)
	var body map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(fx.Request.Body, &body))
	var g struct {
		Method string `json:"method"`
	}
	require.NoError(t, json.Unmarshal(body["general"], &g))
	delete(body, "general")
	want, err := json.Marshal(body)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ := io.ReadAll(r.Body)
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/a/adm/hs/ext_api/execute/usr/"+g.Method, r.URL.Path)
		eq, err := fixture.JSONEqual(got, want)
		assert.True(t, eq && err == nil, "body %s, want %s", got, want)
		assert.NotContains(t, string(got), `"general"`)
		for k, v := range fx.Request.Headers {
			assert.Equal(t, v, r.Header.Get(k), k)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(fx.Response.BodyBytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The same methods in the URL form, with no general block, as 1C's library
// sends them to a server of version 19 or later.
func TestGroupsURLForm(t *testing.T) {
	for _, tc := range groupCases() {
		t.Run(tc.fixture, func(t *testing.T) {
			srv := urlFormServer(t, tc.fixture)
			c, err := sm.NewClient(srv.URL+"/a/adm", sm.WithBasicAuth(testLogin, testPassword), sm.WithServerVersion(23))
			require.NoError(t, err)
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// Every method the table marks typed has a fixture and a case above, and
// every case's method is marked typed; the retry class follows the table.
func TestMethodsTable(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range groupCases() {
		fx, err := fixture.Load("testdata/" + tc.fixture + ".json")
		require.NoError(t, err)
		var body struct {
			General struct {
				Method string `json:"method"`
			} `json:"general"`
		}
		require.NoError(t, json.Unmarshal(fx.Request.Body, &body))
		covered[body.General.Method] = true
		assert.NotEmpty(t, fx.Source, tc.fixture)
	}
	var typed []string
	for _, m := range sm.Methods() {
		if m.Typed {
			typed = append(typed, m.Name)
			assert.True(t, covered[m.Name], "typed %s has no wire test", m.Name)
		}
		if m.ReadOnly {
			assert.True(t, m.Repeatable, m.Name)
		}
		if strings.Contains(m.Name, "create") || strings.HasSuffix(m.Name, "/execute") || strings.HasSuffix(m.Name, "/terminate") {
			assert.False(t, m.Repeatable, "%s must be sent once", m.Name)
		}
	}
	for m := range covered {
		assert.Contains(t, typed, m)
	}
	sort.Strings(typed)
	assert.Len(t, typed, len(covered))
	_, err := os.Stat("testdata/tenant_create.json")
	require.NoError(t, err)
}

// The export password of an accounting system never appears in an error,
// even when the server echoes it.
func TestBillingPasswordScrubbed(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"general":{"response":10400,"error":true,"message":"bad password exp-password-not-real"}}`)
	})
	_, err := s.client(t).AccountingSystems.CreateUpdateBilling(context.Background(), 1000,
		sm.BillingSettings{ExportLogin: "exp", ExportPassword: "exp-password-not-real"})
	require.ErrorIs(t, err, sm.ErrCodeInvalidParams)
	assert.NotContains(t, err.Error(), "exp-password-not-real")
	var e *sm.Error
	require.ErrorAs(t, err, &e)
	assert.NotContains(t, string(e.Details), "exp-password-not-real")
	assert.Contains(t, string(s.last.Load().([]byte)), `"export_password":"exp-password-not-real"`)
}

// Retry safety follows the methods table: a read is sent again on 503, a
// change (create*, update*, execute, terminate, users/add, ...) only once.
func TestGroupsRetrySafety(t *testing.T) {
	info := map[string]sm.MethodInfo{}
	for _, m := range sm.Methods() {
		info[m.Name] = m
	}
	for _, tc := range groupCases() {
		fx, err := fixture.Load("testdata/" + tc.fixture + ".json")
		require.NoError(t, err)
		var body struct {
			General struct {
				Method string `json:"method"`
			} `json:"general"`
		}
		require.NoError(t, json.Unmarshal(fx.Request.Body, &body))
		m := info[body.General.Method]
		s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		})
		_, err = tc.call(context.Background(), s.client(t, sm.WithServerVersion(23)))
		require.ErrorIs(t, err, sm.ErrServer, m.Name)
		want := int32(1)
		if m.ReadOnly {
			want = 3 // MaxRetries 2
		}
		assert.Equal(t, want, s.n.Load(), "%s (read-only %t)", m.Name, m.ReadOnly)
	}
}

// Bad arguments are refused before anything is sent, with the package prefix.
func TestGroupsInvalidArguments(t *testing.T) {
	s := newStub(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, okBody) })
	c := s.client(t, sm.WithServerVersion(23))
	ctx := context.Background()
	inputtest.Refused(t, sm.ErrInvalidArgument, "servicemanager: ", map[string]error{
		"customers/info":         inputtest.Err(c.Customers.Info(ctx, 1000, 0)),
		"customers/attached":     inputtest.Err(c.Customers.AttachedInfo(ctx, 1000, -1)),
		"customers/update":       c.Customers.UpdateAttachedInfo(ctx, 1000, 0, sm.AttachedInfo{}),
		"subscribing":            inputtest.Err(c.Customers.AttachedInfoForSubscribing(ctx, 1000, 0)),
		"cs/list":                inputtest.Err(c.CustomerSubscriptions.List(ctx, 1000, -1, nil)),
		"cs/info":                inputtest.Err(c.CustomerSubscriptions.Info(ctx, 1000, " ")),
		"cs/create":              inputtest.Err(c.CustomerSubscriptions.Create(ctx, 1000, sm.NewCustomerSubscription{})),
		"cs/create_enhanced":     inputtest.Err(c.CustomerSubscriptions.CreateEnhanced(ctx, 1000, sm.NewCustomerSubscription{Account: 1}, "", 1)),
		"cs/create_enhanced amt": inputtest.Err(c.CustomerSubscriptions.CreateEnhanced(ctx, 1000, sm.NewCustomerSubscription{Account: 1}, "1", -1)),
		"subscription/info":      inputtest.Err(c.Subscriptions.Info(ctx, 1010, "")),
		"tenant/info":            inputtest.Err(c.Tenants.Info(ctx, 1010, 0)),
		"tenant/account":         inputtest.Err(c.Tenants.Account(ctx, 1010, -5)),
		"tenant/create":          inputtest.Err(c.Tenants.Create(ctx, 1010, sm.NewTenant{Name: "x"})),
		"tenant/wait":            inputtest.Err(c.Tenants.Wait(ctx, 1010, 0, sm.Poll{})),
		"tenant/users":           inputtest.Err(c.Tenants.Users(ctx, 1010, 0)),
		"tenant/users/add":       c.Tenants.AddUser(ctx, 1010, 1, " ", "user"),
		"tenant/users/delete":    c.Tenants.DeleteUser(ctx, 1010, 0, "x"),
		"tenant/backups":         inputtest.Err(c.Tenants.Backups(ctx, 1010, 0)),
		"session/terminate":      c.Sessions.Terminate(ctx, 1010, 0, []int64{1}),
		"backup/token":           inputtest.Err(c.Backups.DownloadToken(ctx, 1010, "")),
		"tariff/info":            inputtest.Err(c.Tariffs.Info(ctx, 1010, "")),
		"bill/info":              inputtest.Err(c.Bills.Info(ctx, 1010, sm.BillRef{})),
		"bill/create":            inputtest.Err(c.Bills.Create(ctx, 1010, sm.NewBill{SellerID: 1})),
		"bill/update":            inputtest.Err(c.Bills.Update(ctx, 1010, sm.NewBill{SellerID: 1, CustomerID: 2})),
		"bill/upload":            inputtest.Err(c.Bills.UploadToken(ctx, 1010, sm.BillRef{ID: "1"}, "", 1)),
		"bill/create_sub":        inputtest.Err(c.Bills.CreateSubscription(ctx, 1010, sm.BillRef{}, "")),
		"task/info":              inputtest.Err(c.Tasks.Info(ctx, 1010, "")),
		"task/execute":           c.Tasks.Execute(ctx, 1010, sm.TaskDecision{}),
		"promo":                  c.PromoCodes.Activate(ctx, 1010, "", ""),
		"accounting/info":        inputtest.Err(c.AccountingSystems.Info(ctx, 1010, 0)),
		"values":                 inputtest.Err(c.Accounts.AttachedInfoValues(ctx, "")),
		"recommended":            inputtest.Err(c.Servants.RecommendedTariffs(ctx, 1010, 0)),
		"negative account":       inputtest.Err(c.Tenants.List(ctx, -1)),
	})
	assert.Equal(t, int32(0), s.n.Load(), "nothing sent")
}
