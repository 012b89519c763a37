#include "evaluation_options.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace strata::studio {

namespace {

// The options the form's choices own (the rest go in the free text).
const char* kYield = "cost.yield_model";
const char* kMode = "power.mode";
const char* kPhase = "power.phase";

void choose(QComboBox* box, const EvaluationOptions& options, const char* key) {
    const auto it = options.find(key);
    const int i = it == options.end() ? 0 : box->findData(QString::fromStdString(it->second));
    box->setCurrentIndex(std::max(i, 0));
}

void put(EvaluationOptions& options, const QComboBox* box, const char* key) {
    const QString v = box->currentData().toString();
    if (!v.isEmpty()) // the first entry is the evaluator's own default: no option
        options[key] = v.toStdString();
}

} // namespace

EvaluationOptions parseEvaluationOptions(const QString& text, QStringList& errors) {
    EvaluationOptions out;
    const QStringList lines = text.split('\n');
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = lines[n].trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype eq = line.indexOf('=');
        const QString key = line.left(eq).trimmed(), value = line.mid(eq + 1).trimmed();
        if (eq <= 0 || !key.contains('.') || key.contains(' ') || value.isEmpty())
            errors << QObject::tr("line %1: expected KEY=VALUE with a dotted key, as "
                                  "cost.yield_model=murphy")
                          .arg(n + 1);
        else if (key.startsWith("thermal."))
            errors << QObject::tr("line %1: thermal options are set from the Evaluate menu "
                                  "(Thermal Resolution, Thermal Transient)")
                          .arg(n + 1);
        else
            out[key.toStdString()] = value.toStdString();
    }
    return out;
}

QStringList optionsToStrings(const EvaluationOptions& options) {
    QStringList lines;
    for (const auto& [key, value] : options)
        lines << QString::fromStdString(key) + "=" + QString::fromStdString(value);
    return lines;
}

EvaluationOptions optionsFromStrings(const QStringList& lines) {
    QStringList ignored; // settings written by an older Strata may hold what is refused now
    return parseEvaluationOptions(lines.join('\n'), ignored);
}

EvaluationOptionsDialog::EvaluationOptionsDialog(const EvaluationOptions& options, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Evaluation options"));
    yield_ = new QComboBox;
    yield_->addItem(tr("Negative binomial (default)"), QString());
    yield_->addItem(tr("Poisson"), "poisson");
    yield_->addItem(tr("Murphy"), "murphy");
    yield_->addItem(tr("Seeds"), "seeds");
    mode_ = new QComboBox;
    mode_->addItem(tr("From the workload's activity (default)"), QString());
    mode_->addItem(tr("Fixed block powers"), "fixed");
    phase_ = new QComboBox;
    phase_->addItem(tr("Automatic: decode, else the only phase (default)"), QString());
    for (const char* p : {"decode", "prefill", "training", "inference", "run"})
        phase_->addItem(p, p);
    choose(yield_, options, kYield);
    choose(mode_, options, kMode);
    choose(phase_, options, kPhase);
    other_ = new QPlainTextEdit;
    other_->setPlaceholderText(
        tr("KEY=VALUE, one per line (e.g. power_density.limit_w_per_cm2=50)"));
    EvaluationOptions rest = options;
    for (const char* key : {kYield, kMode, kPhase})
        rest.erase(key);
    other_->setPlainText(optionsToStrings(rest).join('\n'));
    problems_ = new QLabel;
    problems_->setStyleSheet("color: #b01414");
    problems_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    auto* form = new QFormLayout;
    form->addRow(tr("Die yield model"), yield_);
    form->addRow(tr("Power"), mode_);
    form->addRow(tr("Phase that sets the power"), phase_);
    form->addRow(tr("Other options"), other_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(problems_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(other_, &QPlainTextEdit::textChanged, this, &EvaluationOptionsDialog::check);
    check();
}

void EvaluationOptionsDialog::check() {
    QStringList errors;
    parseEvaluationOptions(other_->toPlainText(), errors);
    problems_->setText(errors.join('\n'));
    problems_->setVisible(!errors.isEmpty());
    ok_->setEnabled(errors.isEmpty());
}

EvaluationOptions EvaluationOptionsDialog::options() const {
    QStringList errors;
    EvaluationOptions out = parseEvaluationOptions(other_->toPlainText(), errors);
    put(out, yield_, kYield);
    put(out, mode_, kMode);
    put(out, phase_, kPhase);
    return out;
}

} // namespace strata::studio
