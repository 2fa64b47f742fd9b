namespace MediaBroker.Core;

public enum PathAction
{
    Publish,
    Read,
}
