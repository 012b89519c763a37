#pragma once
// Evaluate ▸ Options: the evaluator options the CLI takes as --option KEY=VALUE, for the studio's
// evaluations — the yield model, where power comes from and which phase's activity sets it, and
// any other KEY=VALUE (a plugin's options, say). Thermal options stay with the Evaluate menu's
// own commands (resolution, transient). Kept in the settings between sessions.
#include <QDialog>
#include <QString>
#include <QStringList>

#include <map>
#include <string>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace strata::studio {

using EvaluationOptions = std::map<std::string, std::string>;

// KEY=VALUE lines (blank lines and lines starting with # are skipped); each problem, naming its
// line, goes to `errors`.
EvaluationOptions parseEvaluationOptions(const QString& text, QStringList& errors);
// The options as the settings keep them, and back.
QStringList optionsToStrings(const EvaluationOptions& options);
EvaluationOptions optionsFromStrings(const QStringList& lines);

class EvaluationOptionsDialog : public QDialog {
    Q_OBJECT
public:
    explicit EvaluationOptionsDialog(const EvaluationOptions& options, QWidget* parent = nullptr);
    EvaluationOptions options() const; // valid only when accepted
    QComboBox* yieldModel() const { return yield_; }
    QComboBox* powerMode() const { return mode_; }
    QComboBox* powerPhase() const { return phase_; }
    QPlainTextEdit* otherOptions() const { return other_; }
    QPushButton* okButton() const { return ok_; }
    QLabel* problems() const { return problems_; }

private:
    void check();
    QComboBox *yield_, *mode_, *phase_;
    QPlainTextEdit* other_;
    QLabel* problems_;
    QPushButton* ok_;
};

} // namespace strata::studio
