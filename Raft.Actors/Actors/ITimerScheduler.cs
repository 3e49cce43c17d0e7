namespace Raft.Actors.Actors;

/// <summary>
/// Named timers that send a message to the actor itself. Starting a timer under a name that is running
/// replaces it; the message of a replaced or cancelled timer is never delivered, even if it already
/// sits in the mailbox (each timer message carries a generation that is checked on arrival).
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(string name, object message, TimeSpan delay);

    void StartPeriodicTimer(string name, object message, TimeSpan interval);

    bool IsTimerActive(string name);

    void Cancel(string name);

    void CancelAll();
}
