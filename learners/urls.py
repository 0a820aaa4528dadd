from django.urls import path

from learners import account

urlpatterns = [
    path("my-account/", account.account, name="my_account"),
    path("my-account/email/", account.change_email, name="my_account_email"),
    path(
        "my-account/two-factor-off/",
        account.turn_off_two_factor,
        name="my_account_two_factor_off",
    ),
    path("my-account/my-data/", account.download_my_data, name="my_account_data"),
]
