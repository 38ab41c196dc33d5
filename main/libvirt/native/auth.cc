// CredentialBroker (see auth.h) and addon.openAuth.
#include "auth.h"

#include <libvirt/virterror.h>

#include <condition_variable>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>

#include "args.h"
#include "connection.h"
#include "errors.h"

namespace virtdesk {

namespace {

// One prompt's answer, shared by the waiting worker and the JS-thread
// promise handlers (which may run after the worker gave up waiting).
struct PendingAnswer {
  std::mutex mu;
  std::condition_variable cv;
  bool settled = false;
  bool answered = false;  // JS resolved with a well-formed array
  std::vector<std::optional<std::string>> answers;
  std::string failure;

  ~PendingAnswer() {
    // Answers are passwords: wipe them before the memory is reused.
    for (auto& a : answers) {
      if (a && !a->empty()) explicit_bzero(a->data(), a->size());
    }
  }

  // Any thread; the first settlement wins (a late answer after a timeout is dropped).
  void Settle(bool ok, std::vector<std::optional<std::string>> values, std::string why) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (settled) {
        for (auto& a : values) {
          if (a && !a->empty()) explicit_bzero(a->data(), a->size());
        }
        return;
      }
      settled = true;
      answered = ok;
      answers = std::move(values);
      failure = std::move(why);
    }
    cv.notify_all();
  }
};

std::string DescribeJsError(Napi::Value v) {
  if (v.IsObject()) {
    Napi::Value message = v.As<Napi::Object>().Get("message");
    if (message.IsString()) return message.As<Napi::String>().Utf8Value();
  }
  Napi::Value s = v.ToString();
  return s.IsString() ? s.As<Napi::String>().Utf8Value() : "unknown error";
}

// JS thread: the value onCredentials resolved with.
void Accept(const std::shared_ptr<PendingAnswer>& pending, size_t count, Napi::Value v) {
  std::string shape = "onCredentials must resolve to an array of " + std::to_string(count) +
                      " entries, each a string or null";
  if (!v.IsArray() || v.As<Napi::Array>().Length() != count) {
    pending->Settle(false, {}, shape);
    return;
  }
  Napi::Array array = v.As<Napi::Array>();
  std::vector<std::optional<std::string>> answers;
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value entry = array.Get(i);
    if (entry.IsNull()) {
      answers.emplace_back(std::nullopt);
    } else if (entry.IsString()) {
      answers.emplace_back(entry.As<Napi::String>().Utf8Value());
    } else {
      pending->Settle(false, {}, shape);
      return;
    }
  }
  pending->Settle(true, std::move(answers), "");
}

class CredentialRequest : public JsTask {
 public:
  struct Cred {
    int type;
    std::string prompt;
    std::optional<std::string> challenge;
    std::optional<std::string> defresult;
  };

  CredentialRequest(std::vector<Cred> creds, std::shared_ptr<PendingAnswer> pending)
      : creds_(std::move(creds)), pending_(std::move(pending)) {}

  // Dropped undelivered (environment teardown): release the waiting worker.
  ~CredentialRequest() override {
    if (!ran_) pending_->Settle(false, {}, "the JavaScript environment is shutting down");
  }

  void Run(Napi::Env env, Napi::Function callback) override {
    ran_ = true;
    try {
      Deliver(env, callback);
    } catch (const Napi::Error& e) {
      // onCredentials threw synchronously (or a thenable misbehaved).
      pending_->Settle(false, {}, "onCredentials failed: " + DescribeJsError(e.Value()));
    }
  }

 private:
  static Napi::Value StringOrNull(Napi::Env env, const std::optional<std::string>& s) {
    return s ? Napi::Value(Napi::String::New(env, *s)) : env.Null();
  }

  void Deliver(Napi::Env env, Napi::Function callback) {
    if (callback.IsEmpty()) {
      pending_->Settle(false, {}, "no onCredentials callback");
      return;
    }
    Napi::Array creds = Napi::Array::New(env, creds_.size());
    for (size_t i = 0; i < creds_.size(); i++) {
      Napi::Object c = Napi::Object::New(env);
      c.Set("type", Napi::Number::New(env, creds_[i].type));
      c.Set("prompt", creds_[i].prompt);
      c.Set("challenge", StringOrNull(env, creds_[i].challenge));
      c.Set("defresult", StringOrNull(env, creds_[i].defresult));
      creds.Set(static_cast<uint32_t>(i), c);
    }
    Napi::Value result = callback.Call({creds});
    // Promise.resolve(result).then(accept, reject): plain arrays work too.
    Napi::Object promiseCtor = env.Global().Get("Promise").As<Napi::Object>();
    Napi::Object promise =
        promiseCtor.Get("resolve").As<Napi::Function>().Call(promiseCtor, {result}).As<Napi::Object>();
    std::shared_ptr<PendingAnswer> pending = pending_;
    size_t count = creds_.size();
    auto onAnswer = Napi::Function::New(
        env,
        [pending, count](const Napi::CallbackInfo& info) {
          try {
            Accept(pending, count, info[0]);
          } catch (const Napi::Error& e) {  // e.g. a throwing getter on the array
            pending->Settle(false, {}, "onCredentials failed: " + DescribeJsError(e.Value()));
          }
        },
        "onCredentialsAnswer");
    auto onError = Napi::Function::New(
        env,
        [pending](const Napi::CallbackInfo& info) {
          std::string why;
          try {
            why = DescribeJsError(info[0]);
          } catch (const Napi::Error&) {
            why = "unknown error";
          }
          pending->Settle(false, {}, "onCredentials rejected: " + why);
        },
        "onCredentialsError");
    promise.Get("then").As<Napi::Function>().Call(promise, {onAnswer, onError});
  }

  std::vector<Cred> creds_;
  std::shared_ptr<PendingAnswer> pending_;
  bool ran_ = false;
};

}  // namespace

CredentialBroker::CredentialBroker(Napi::Env env, Napi::Function onCredentials,
                                   std::vector<int> credTypes, std::chrono::milliseconds timeout)
    : channel_(JsChannel::Create(env, onCredentials, "virtdesk:libvirt-auth", false)),
      credTypes_(std::move(credTypes)),
      timeout_(timeout) {
  auth_.credtype = credTypes_.data();
  auth_.ncredtype = static_cast<unsigned int>(credTypes_.size());
  auth_.cb = &CredentialBroker::Callback;
  auth_.cbdata = this;
}

CredentialBroker::~CredentialBroker() { Close(); }

void CredentialBroker::Close() { channel_->Close(); }

int CredentialBroker::Callback(virConnectCredentialPtr cred, unsigned int ncred,
                               void* cbdata) {
  try {
    return static_cast<CredentialBroker*>(cbdata)->Ask(cred, ncred);
  } catch (...) {
    return -1;  // never unwind into libvirt's C frames
  }
}

int CredentialBroker::Ask(virConnectCredentialPtr cred, unsigned int ncred) {
  std::vector<CredentialRequest::Cred> creds;
  for (unsigned int i = 0; i < ncred; i++) {
    CredentialRequest::Cred c;
    c.type = cred[i].type;
    c.prompt = cred[i].prompt != nullptr ? cred[i].prompt : "";
    if (cred[i].challenge != nullptr) c.challenge = cred[i].challenge;
    if (cred[i].defresult != nullptr) c.defresult = cred[i].defresult;
    creds.push_back(std::move(c));
  }
  auto pending = std::make_shared<PendingAnswer>();
  if (!channel_->Post(std::make_unique<CredentialRequest>(std::move(creds), pending))) {
    failure_ = "the credentials prompt could not reach JavaScript";
    return -1;
  }
  std::unique_lock<std::mutex> lock(pending->mu);
  if (!pending->cv.wait_for(lock, timeout_, [&] { return pending->settled; })) {
    pending->settled = true;  // a late answer is now dropped
    failure_ = "no answer to the credentials prompt within " +
               std::to_string(timeout_.count()) + " ms";
    return -1;
  }
  if (!pending->answered) {
    failure_ = pending->failure;
    return -1;
  }
  for (const auto& a : pending->answers) {
    if (!a) return -1;  // the user cancelled: libvirt reports its auth error
  }
  for (unsigned int i = 0; i < ncred; i++) {
    const std::string& a = *pending->answers[i];
    // libvirt frees result with free() (g_free = free since glib 2.46).
    char* copy = static_cast<char*>(malloc(a.size() + 1));
    if (copy == nullptr) {
      for (unsigned int j = 0; j < i; j++) {
        free(cred[j].result);
        cred[j].result = nullptr;
      }
      return -1;
    }
    memcpy(copy, a.data(), a.size());
    copy[a.size()] = '\0';
    cred[i].result = copy;
    cred[i].resultlen = static_cast<unsigned int>(a.size());
  }
  return 0;
}

namespace {

struct AuthOptions {
  bool readOnly = false;
  std::vector<int> credTypes;
  std::chrono::milliseconds timeout{120000};
};

AuthOptions AuthOptionsArg(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  if (!info[index].IsObject()) {
    throw Napi::TypeError::New(env, "options must be an object {readOnly, credTypes, timeoutMs?}");
  }
  Napi::Object o = info[index].As<Napi::Object>();
  AuthOptions options;
  Napi::Value readOnly = o.Get("readOnly");
  if (!readOnly.IsUndefined()) {
    if (!readOnly.IsBoolean()) throw Napi::TypeError::New(env, "options.readOnly must be a boolean");
    options.readOnly = readOnly.As<Napi::Boolean>().Value();
  }
  Napi::Value types = o.Get("credTypes");
  const char* typesMsg = "options.credTypes must be an array of VIR_CRED_* numbers";
  if (!types.IsArray()) throw Napi::TypeError::New(env, typesMsg);
  Napi::Array array = types.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value t = array.Get(i);
    if (!t.IsNumber()) throw Napi::TypeError::New(env, typesMsg);
    double d = t.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || std::trunc(d) != d || d < 0 || d > 1000) {
      throw Napi::TypeError::New(env, typesMsg);
    }
    options.credTypes.push_back(static_cast<int>(d));
  }
  Napi::Value timeout = o.Get("timeoutMs");
  if (!timeout.IsUndefined()) {
    double d = timeout.IsNumber() ? timeout.As<Napi::Number>().DoubleValue() : -1;
    if (!std::isfinite(d) || d < 1 || d > 2147483647) {
      throw Napi::TypeError::New(env, "options.timeoutMs must be a positive number of ms");
    }
    options.timeout = std::chrono::milliseconds(static_cast<int64_t>(d));
  }
  return options;
}

}  // namespace

Napi::Value Connection::OpenAuth(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&]() -> Napi::Value {
    std::string uri = StringArg(info, 0, "uri");
    AuthOptions options = AuthOptionsArg(info, 1);
    Napi::Function onCredentials = FunctionArg(info, 2, "onCredentials");
    unsigned int flags = options.readOnly ? VIR_CONNECT_RO : 0;
    auto broker = std::make_shared<CredentialBroker>(env, onCredentials,
                                                     std::move(options.credTypes), options.timeout);
    return StartOpen(env, [uri, flags, broker]() {
      virConnectPtr conn = virConnectOpenAuth(uri.c_str(), broker->Auth(), flags);
      NativeError error;
      if (conn == nullptr) error = NativeError::FromLastLibvirtError("virConnectOpenAuth");
      broker->Close();  // libvirt asks only during the open
      if (conn == nullptr) {
        // Keep libvirt's code (e.g. VIR_ERR_AUTH_FAILED); add what went wrong on our side.
        if (!broker->FailureNote().empty()) error.message += " (" + broker->FailureNote() + ")";
        throw error;
      }
      return conn;
    });
  });
}

}  // namespace virtdesk
